namespace Tandem.Server.Tests.Stages;

public sealed class PostcodesAreReadInTheirUsualForm
{
    [Theory]
    [InlineData("do you deliver to BS3 9ZZ?", "BS3 9ZZ")]
    [InlineData("my postcode is m14 1zn", "M14 1ZN")]
    [InlineData("CF24 2BW", "CF24 2BW")]
    [InlineData("it's going to SW1A 1AA", "SW1A 1AA")]
    [InlineData("postcode bs39zz", "BS3 9ZZ")]
    [InlineData("cf24  2bw", "CF24 2BW")]
    public void APostcodeIsFoundInUpperCaseWithOneSpace(string text, string value) =>
        EntityAssert.Found("postcode", text, value);

    [Theory]
    [InlineData("HH-2026-004512")]
    [InlineData("hh-2026-004512")]
    [InlineData("I ordered 2 x 4ft shelves")]
    [InlineData("a 3 seater sofa")]
    public void OrderNumbersAndSizesAreNotPostcodes(string text) =>
        EntityAssert.NoneFound("postcode", text);
}
