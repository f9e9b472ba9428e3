using System.Globalization;
using System.Xml.Linq;

namespace Tandem.Server.Insights.Charts;

/// <summary>One line, or one colour of bars, with a value per category (null: no data, drawn as a gap).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>What a chart shows. <see cref="Id"/> must be unique on the page: the title and description are referenced by id.</summary>
/// <remarks>Public only because a Blazor component's parameters must be.</remarks>
public sealed record ChartSpec
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>A sentence saying what the chart shows, for screen readers (the data table follows the chart).</summary>
    public required string Description { get; init; }
    public required IReadOnlyList<string> Categories { get; init; }
    public required IReadOnlyList<ChartSeries> Series { get; init; }
    public required string XAxisLabel { get; init; }
    public required string YAxisLabel { get; init; }
    /// <summary>How a value is written on the axis (e.g. as a percentage).</summary>
    public Func<double, string> FormatValue { get; init; } = v => v.ToString("0.##", CultureInfo.InvariantCulture);
    /// <summary>The top of the value axis; by default a round number above the largest value.</summary>
    public double? Max { get; init; }
}

/// <summary>
/// Server-rendered SVG line and bar charts: no script, no dependency, readable without JavaScript,
/// printed as drawn. Each chart carries a title and description for assistive technology; the page
/// puts the same figures in a table beside it.
/// </summary>
internal static class SvgChart
{
    public const double Width = 640;
    public const double Height = 280;
    public const double Left = 64;
    public const double Right = 16;
    public const double Top = 16;
    public const double Bottom = 56;
    public const int MaxXLabels = 8;

    /// <summary>Colours with at least 4.5:1 contrast on white, in an order where neighbours differ in hue.</summary>
    public static readonly IReadOnlyList<string> Palette = ["#1f5f8b", "#a4361d", "#1e6b3a", "#6b4a00", "#5b3c88", "#0f766e", "#9d174d", "#334155"];

    /// <summary>Dash patterns, so lines are told apart without colour too.</summary>
    private static readonly string?[] Dashes = [null, "6 3", "2 3", "8 3 2 3"];

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string Line(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (root, plot, max) = Frame(spec);
        var n = spec.Categories.Count;
        double X(int i) => n <= 1 ? Left + PlotWidth / 2 : Left + (PlotWidth * i / (n - 1));
        XLabels(plot, spec.Categories, X);
        for (var s = 0; s < spec.Series.Count; s++)
        {
            var series = spec.Series[s];
            var colour = Palette[s % Palette.Count];
            var segments = new List<string>();
            var current = new List<string>();
            for (var i = 0; i < n && i < series.Values.Count; i++)
            {
                if (series.Values[i] is { } v)
                {
                    current.Add($"{Num(X(i))},{Num(Y(v, max))}");
                }
                else if (current.Count > 0)
                {
                    segments.Add(current.Count == 1 ? "" : "M" + string.Join(" L", current));
                    current = [];
                }
            }
            if (current.Count > 1)
            {
                segments.Add("M" + string.Join(" L", current));
            }
            var path = string.Join(" ", segments.Where(p => p.Length > 0));
            var group = new XElement(Svg + "g", new XAttribute("class", "series"), new XAttribute("data-series", series.Name));
            if (path.Length > 0)
            {
                var line = new XElement(Svg + "path", new XAttribute("d", path), new XAttribute("fill", "none"),
                    new XAttribute("stroke", colour), new XAttribute("stroke-width", "2"));
                if (Dashes[s % Dashes.Length] is { } dash)
                {
                    line.Add(new XAttribute("stroke-dasharray", dash));
                }
                group.Add(line);
            }
            // Every point is marked, so a day with data between two without still shows.
            for (var i = 0; i < n && i < series.Values.Count; i++)
            {
                if (series.Values[i] is { } v)
                {
                    group.Add(new XElement(Svg + "circle", new XAttribute("cx", Num(X(i))), new XAttribute("cy", Num(Y(v, max))),
                        new XAttribute("r", "3"), new XAttribute("fill", colour),
                        new XElement(Svg + "title", $"{series.Name}, {spec.Categories[i]}: {spec.FormatValue(v)}")));
                }
            }
            plot.Add(group);
        }
        return root.ToString(SaveOptions.DisableFormatting);
    }

    public static string Bar(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (root, plot, max) = Frame(spec);
        var n = Math.Max(spec.Categories.Count, 1);
        var band = PlotWidth / n;
        var seriesCount = Math.Max(spec.Series.Count, 1);
        var barWidth = band * 0.8 / seriesCount;
        double Centre(int i) => Left + band * (i + 0.5);
        XLabels(plot, spec.Categories, Centre);
        for (var s = 0; s < spec.Series.Count; s++)
        {
            var series = spec.Series[s];
            var group = new XElement(Svg + "g", new XAttribute("class", "series"), new XAttribute("data-series", series.Name),
                new XAttribute("fill", Palette[s % Palette.Count]));
            for (var i = 0; i < spec.Categories.Count && i < series.Values.Count; i++)
            {
                if (series.Values[i] is not { } v)
                {
                    continue;
                }
                var y = Y(v, max);
                group.Add(new XElement(Svg + "rect",
                    new XAttribute("x", Num(Left + band * i + band * 0.1 + barWidth * s)),
                    new XAttribute("y", Num(y)),
                    new XAttribute("width", Num(barWidth)),
                    new XAttribute("height", Num(Top + PlotHeight - y)),
                    new XElement(Svg + "title", $"{series.Name}, {spec.Categories[i]}: {spec.FormatValue(v)}")));
            }
            plot.Add(group);
        }
        return root.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>A round number at or above <paramref name="value"/> (1, 2, 2.5 or 5 times a power of ten) for the top of the axis.</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 0 || double.IsNaN(value))
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value - (magnitude * 1e-9))
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /// <summary>Indices of the categories labelled on the x axis: at most <see cref="MaxXLabels"/>, evenly spaced, always the first and last.</summary>
    public static IReadOnlyList<int> LabelledIndices(int count)
    {
        if (count <= MaxXLabels)
        {
            return [.. Enumerable.Range(0, count)];
        }
        var step = (int)Math.Ceiling((count - 1) / (double)(MaxXLabels - 1));
        var indices = Enumerable.Range(0, count).Where(i => i % step == 0).ToList();
        if (indices[^1] != count - 1)
        {
            if (count - 1 - indices[^1] < step / 2.0)
            {
                indices.RemoveAt(indices.Count - 1);
            }
            indices.Add(count - 1);
        }
        return indices;
    }

    private static double PlotWidth => Width - Left - Right;
    private static double PlotHeight => Height - Top - Bottom;

    private static double Y(double value, double max) => Top + PlotHeight - (PlotHeight * Math.Clamp(value / max, 0, 1));

    private static (XElement Root, XElement Plot, double Max) Frame(ChartSpec spec)
    {
        var values = spec.Series.SelectMany(s => s.Values).Where(v => v is not null).Select(v => v!.Value).ToList();
        var max = spec.Max ?? NiceCeiling(values.Count == 0 ? 0 : values.Max());
        var titleId = spec.Id + "-title";
        var descId = spec.Id + "-desc";
        var root = new XElement(Svg + "svg",
            new XAttribute("id", spec.Id),
            new XAttribute("class", "chart"),
            new XAttribute("viewBox", $"0 0 {Num(Width)} {Num(Height)}"),
            new XAttribute("role", "img"),
            new XAttribute("aria-labelledby", $"{titleId} {descId}"),
            new XElement(Svg + "title", new XAttribute("id", titleId), spec.Title),
            new XElement(Svg + "desc", new XAttribute("id", descId), spec.Description));
        var axes = new XElement(Svg + "g", new XAttribute("class", "axes"), new XAttribute("fill", "#1d2430"), new XAttribute("font-size", "12"));
        for (var t = 0; t <= 4; t++)
        {
            var value = max * t / 4;
            var y = Y(value, max);
            axes.Add(new XElement(Svg + "line", new XAttribute("x1", Num(Left)), new XAttribute("x2", Num(Width - Right)),
                new XAttribute("y1", Num(y)), new XAttribute("y2", Num(y)), new XAttribute("stroke", t == 0 ? "#5b6676" : "#d9dee5")));
            axes.Add(new XElement(Svg + "text", new XAttribute("x", Num(Left - 6)), new XAttribute("y", Num(y + 4)),
                new XAttribute("text-anchor", "end"), new XAttribute("class", "tick y"), spec.FormatValue(value)));
        }
        axes.Add(new XElement(Svg + "text", new XAttribute("class", "axis-label y"), new XAttribute("text-anchor", "middle"),
            new XAttribute("transform", $"translate(14 {Num(Top + PlotHeight / 2)}) rotate(-90)"), spec.YAxisLabel));
        axes.Add(new XElement(Svg + "text", new XAttribute("class", "axis-label x"), new XAttribute("text-anchor", "middle"),
            new XAttribute("x", Num(Left + PlotWidth / 2)), new XAttribute("y", Num(Height - 6)), spec.XAxisLabel));
        root.Add(axes);
        var plot = new XElement(Svg + "g", new XAttribute("class", "plot"));
        root.Add(plot);
        return (root, plot, max);
    }

    private static void XLabels(XElement plot, IReadOnlyList<string> categories, Func<int, double> x)
    {
        var labels = new XElement(Svg + "g", new XAttribute("class", "x-labels"), new XAttribute("fill", "#1d2430"), new XAttribute("font-size", "12"));
        foreach (var i in LabelledIndices(categories.Count))
        {
            labels.Add(new XElement(Svg + "text", new XAttribute("class", "tick x"), new XAttribute("x", Num(x(i))),
                new XAttribute("y", Num(Top + PlotHeight + 18)), new XAttribute("text-anchor", "middle"), categories[i]));
        }
        plot.Add(labels);
    }

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
