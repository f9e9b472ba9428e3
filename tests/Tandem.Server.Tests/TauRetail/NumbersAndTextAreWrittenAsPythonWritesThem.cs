using System.Text.Json.Nodes;
using Tandem.Server.Actions.Retail;

namespace Tandem.Server.Tests.TauRetail;

/// <summary>The reference results are Python's: round() and json.dumps as CPython does them.</summary>
public sealed class NumbersAndTextAreWrittenAsPythonWritesThem
{
    [Theory]
    // 2.675 is 2.67499999... in binary, so Python rounds it down; exact halves go to the even digit.
    [InlineData(2.675, 2.67)]
    [InlineData(0.125, 0.12)]
    [InlineData(0.375, 0.38)]
    [InlineData(3653.5400000000004, 3653.54)]
    [InlineData(-2.2500000000000004, -2.25)]
    [InlineData(9.0, 9.0)]
    public void RoundingToTwoPlacesMatchesPython(double value, double expected) =>
        Assert.Equal(expected, PythonJson.Round2(value));

    [Theory]
    [InlineData(9.0, "9.0")]
    [InlineData(173.82999999999993, "173.82999999999993")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-23.24, "-23.24")]
    public void AFloatIsWrittenAsItsRepr(double value, string expected) =>
        Assert.Equal(expected, PythonJson.FormatFloat(value));

    [Fact]
    public void DumpsKeepsKeyOrderIntegersAndEscapesNonAscii()
    {
        var record = JsonNode.Parse("""{"b": 1, "a": [68, 2.5], "name": "Zoë \"Z\""}""")!;
        record["c"] = PythonJson.Float(68);

        Assert.Equal("""{"b": 1, "a": [68, 2.5], "name": "Zo\u00eb \"Z\"", "c": 68.0}""", PythonJson.Dumps(record));
    }
}
