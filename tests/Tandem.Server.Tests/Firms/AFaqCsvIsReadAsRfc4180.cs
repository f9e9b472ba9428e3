using Tandem.Server.Firms;

namespace Tandem.Server.Tests.Firms;

public sealed class AFaqCsvIsReadAsRfc4180
{
    private static (IReadOnlyList<CsvRecord> Records, List<(int Line, string Message)> Problems) Parse(string text)
    {
        var problems = new List<(int, string)>();
        return (Csv.Parse(text, (line, message) => problems.Add((line, message))), problems);
    }

    [Fact]
    public void QuotedFieldsMayHoldCommasQuotesAndLineBreaks()
    {
        var (records, problems) = Parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,row,here\n");
        Assert.Empty(problems);
        Assert.Equal(3, records.Count);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(4, records[2].Line);
    }

    [Fact]
    public void CrlfAndAMissingFinalLineBreakAreBothFine()
    {
        var (records, problems) = Parse("a,b\r\n1,2\r\n3,\"4\r\n5\"");
        Assert.Empty(problems);
        Assert.Equal([["a", "b"], ["1", "2"], ["3", "4\r\n5"]], records.Select(r => r.Fields));
        Assert.Equal([1, 2, 3], records.Select(r => r.Line));
    }

    [Fact]
    public void EmptyFieldsAndBlankLinesAreKeptApart()
    {
        var (records, _) = Parse("a,b,c\n\n,,\n1,2,\n");
        Assert.Equal([["a", "b", "c"], ["", "", ""], ["1", "2", ""]], records.Select(r => r.Fields));
        Assert.Equal([1, 3, 4], records.Select(r => r.Line));
    }

    [Fact]
    public void AnUnclosedQuoteIsReportedAtTheLineItsRecordStarts()
    {
        var (_, problems) = Parse("a,b\n1,2\n3,\"never\nclosed\n");
        Assert.Equal(3, Assert.Single(problems).Line);
    }

    [Fact]
    public void StrayQuotesAreReported()
    {
        var (_, problems) = Parse("a,b\n1,2 \"inches\"\n\"x\"y,z\n");
        Assert.Equal([2, 3], problems.Select(p => p.Line));
    }
}
