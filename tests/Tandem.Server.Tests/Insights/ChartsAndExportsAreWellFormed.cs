using System.Xml.Linq;
using Tandem.Server.Insights;
using Tandem.Server.Insights.Charts;

namespace Tandem.Server.Tests.Insights;

public sealed class ChartsAndExportsAreWellFormed
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static ChartSpec Spec(IReadOnlyList<ChartSeries> series, int days = 5) => new()
    {
        Id = "override-chart",
        Title = "Override rate by day",
        Description = "Daily override rate for delivery & returns.",
        Categories = [.. Enumerable.Range(1, days).Select(d => $"{d} Jun")],
        Series = series,
        XAxisLabel = "Day",
        YAxisLabel = "Override rate",
        FormatValue = v => $"{v * 100:0} %",
    };

    [Fact]
    public void ALineChartNamesItselfForScreenReadersAndLabelsBothAxes()
    {
        var svg = XElement.Parse(SvgChart.Line(Spec([new("delivery", [0.1, 0.2, null, 0.05, 0.1])])));

        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("override-chart-title override-chart-desc", (string?)svg.Attribute("aria-labelledby"));
        Assert.Equal("Override rate by day", svg.Element(Svg + "title")!.Value);
        Assert.Equal("Daily override rate for delivery & returns.", svg.Element(Svg + "desc")!.Value);
        var labels = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Day", labels);
        Assert.Contains("Override rate", labels);
        Assert.Contains("1 Jun", labels);
        Assert.Contains("0 %", labels);
    }

    [Fact]
    public void ADayWithoutDataBreaksTheLineAndEveryPointIsMarked()
    {
        var svg = XElement.Parse(SvgChart.Line(Spec([new("delivery", [0.1, 0.2, null, 0.05, 0.1])])));

        var path = (string)svg.Descendants(Svg + "path").Single().Attribute("d")!;
        Assert.Equal(2, path.Count(c => c == 'M'));
        Assert.Equal(4, svg.Descendants(Svg + "circle").Count());
    }

    [Fact]
    public void BarsAreAsTallAsTheirValuesOnTheSameScale()
    {
        var svg = XElement.Parse(SvgChart.Bar(Spec([new("Conversations", [10, 20, 5])], days: 3) with { FormatValue = v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture) }));

        var heights = svg.Descendants(Svg + "rect").Select(r => double.Parse((string)r.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, heights.Count);
        Assert.Equal(heights[0] * 2, heights[1], 1);
        Assert.Equal(heights[0] / 2, heights[2], 1);
        // The axis tops out at a round number above the largest bar.
        Assert.Contains("20", svg.Descendants(Svg + "text").Select(t => t.Value));
    }

    [Theory]
    [InlineData(0.034, 0.05)]
    [InlineData(0.2, 0.2)]
    [InlineData(7, 10)]
    [InlineData(13, 20)]
    [InlineData(230, 250)]
    [InlineData(0, 1)]
    public void TheAxisEndsOnARoundNumber(double largest, double top)
    {
        Assert.Equal(top, SvgChart.NiceCeiling(largest), 9);
    }

    [Fact]
    public void NinetyDaysAreLabelledSparinglyWithTheFirstAndLastDay()
    {
        var indices = SvgChart.LabelledIndices(90);
        Assert.InRange(indices.Count, 2, SvgChart.MaxXLabels);
        Assert.Equal(0, indices[0]);
        Assert.Equal(89, indices[^1]);
        Assert.Equal([0, 1, 2], SvgChart.LabelledIndices(3));
    }

    [Fact]
    public void ACsvHasAHeaderRowAndQuotesWhatASpreadsheetWouldMisread()
    {
        var table = new InsightsTable("volume-by-topic", "Conversations by topic", ["topic", "conversations"],
            [["delivery, large items", "12"], ["say \"hi\"", "3"], ["=HYPERLINK(\"x\")", "1"]]);

        var lines = InsightsTables.ToCsv(table).Split("\r\n");
        Assert.Equal("topic,conversations", lines[0]);
        Assert.Equal("\"delivery, large items\",12", lines[1]);
        Assert.Equal("\"say \"\"hi\"\"\",3", lines[2]);
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\")\",1", lines[3]);
    }

    [Theory]
    [InlineData(null, null, null, "2026-05-28", "2026-06-26")]
    [InlineData(null, null, 7, "2026-06-20", "2026-06-26")]
    [InlineData("2026-06-01", "2026-06-03", null, "2026-06-01", "2026-06-03")]
    [InlineData(null, "2026-06-10", 90, "2026-03-13", "2026-06-10")]
    public void ARangeIsWholeDaysEndingTodayUnlessGiven(string? from, string? to, int? days, string expectedFrom, string expectedTo)
    {
        var (f, t, problem) = InsightsQuery.Resolve(new InsightsRange(from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), days), new DateOnly(2026, 6, 26));
        Assert.Null(problem);
        Assert.Equal((expectedFrom, expectedTo), (f.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
