using System.Globalization;
using System.Net;
using System.Text;
using Headshots.Vision.Authenticity;
using Microsoft.AspNetCore.Html;

namespace Headshots.Web.Features.Gate;

/// <summary>A vertical line on a chart: a threshold, drawn solid (current) or dashed (proposed).</summary>
public sealed record ChartMarker(double Value, string Label, bool Dashed);

/// <summary>
/// Charts drawn on the server as inline SVG: no scripts, no third-party code, readable without JavaScript. Every text
/// is HTML-encoded; numbers are formatted with the invariant culture.
/// </summary>
public static class SvgCharts
{
    private const int Width = 640;
    private const int Height = 230;
    private const int Left = 44;
    private const int Right = 14;
    private const int Top = 42;
    private const int Bottom = 36;

    /// <summary>A histogram of <paramref name="values"/> over [<paramref name="min"/>, <paramref name="max"/>); values outside go into the end bins.</summary>
    public static IHtmlContent Histogram(string title, string axis, IReadOnlyList<double> values, double min, double max, int bins, IReadOnlyList<ChartMarker> markers, string testId)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(markers);
        var counts = new int[bins];
        var width = (max - min) / bins;
        foreach (var v in values)
        {
            counts[Math.Clamp((int)Math.Floor((v - min) / width), 0, bins - 1)]++;
        }

        var peak = Math.Max(1, counts.Max());
        var svg = Open(title, $"{title}: {values.Count} values", testId);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double v) => Left + ((Math.Clamp(v, min, max) - min) / (max - min) * plotWidth);
        for (var i = 0; i < bins; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var h = (double)counts[i] / peak * plotHeight;
            var from = min + (i * width);
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{F(X(from) + 1)}\" y=\"{F(Top + plotHeight - h)}\" width=\"{F(Math.Max(1, (plotWidth / (double)bins) - 2))}\" height=\"{F(h)}\"><title>{E(F(from))} to {E(F(from + width))}: {counts[i]}</title></rect>");
        }

        Axes(svg, plotWidth, plotHeight, axis, peak.ToString(CultureInfo.InvariantCulture));
        foreach (var tick in Ticks(min, max))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(X(tick))}\" y=\"{Height - Bottom + 14}\" text-anchor=\"middle\">{E(F(tick))}</text>");
        }

        // Current thresholds are labelled on the upper row, proposed ones on the lower, so a pair never overprints.
        foreach (var marker in markers)
        {
            var x = F(X(marker.Value));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"marker{(marker.Dashed ? " proposed" : "")}\" x1=\"{x}\" x2=\"{x}\" y1=\"{Top}\" y2=\"{Height - Bottom}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"marker-label{(marker.Dashed ? " proposed" : "")}\" x=\"{x}\" y=\"{(marker.Dashed ? Top - 4 : Top - 16)}\" text-anchor=\"middle\">{E(marker.Label)}</text>");
        }

        return Close(svg);
    }

    /// <summary>
    /// The ROC: true-match rate (1 − FNMR) against false-match rate as the threshold sweeps every observed score, with
    /// the operating points of the given thresholds marked.
    /// </summary>
    public static IHtmlContent Roc(string title, IReadOnlyList<double> genuine, IReadOnlyList<double> impostor, IReadOnlyList<ChartMarker> operatingPoints, string testId)
    {
        ArgumentNullException.ThrowIfNull(genuine);
        ArgumentNullException.ThrowIfNull(impostor);
        ArgumentNullException.ThrowIfNull(operatingPoints);
        var svg = Open(title, $"{title}: {genuine.Count} genuine and {impostor.Count} impostor pairs", testId);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double fmr) => Left + (fmr * plotWidth);
        double Y(double tmr) => Top + plotHeight - (tmr * plotHeight);
        // One pass down both sorted lists: a score at or above the threshold matches (VerificationMetrics' convention).
        var sortedGenuine = genuine.OrderDescending().ToArray();
        var sortedImpostor = impostor.OrderDescending().ToArray();
        var points = new List<(double Fmr, double Tmr)> { (0, 0) };
        int g = 0, i = 0;
        foreach (var threshold in genuine.Concat(impostor).Distinct().OrderDescending())
        {
            while (g < sortedGenuine.Length && sortedGenuine[g] >= threshold)
            {
                g++;
            }

            while (i < sortedImpostor.Length && sortedImpostor[i] >= threshold)
            {
                i++;
            }

            points.Add(((double)i / sortedImpostor.Length, (double)g / sortedGenuine.Length));
        }

        points.Add((1, 1));
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"chance\" x1=\"{F(X(0))}\" y1=\"{F(Y(0))}\" x2=\"{F(X(1))}\" y2=\"{F(Y(1))}\"/>");
        svg.Append("<polyline class=\"curve\" points=\"")
            .AppendJoin(' ', points.Select(p => F(X(p.Fmr)) + "," + F(Y(p.Tmr))))
            .Append("\"/>");
        Axes(svg, plotWidth, plotHeight, "false-match rate (impostor pairs at or above the threshold)", "1");
        foreach (var tick in new[] { 0, 0.25, 0.5, 0.75, 1 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{F(X(tick))}\" y=\"{Height - Bottom + 14}\" text-anchor=\"middle\">{E(F(tick))}</text>");
        }

        foreach (var point in operatingPoints)
        {
            var rates = VerificationMetrics.RatesAt(genuine, impostor, point.Value);
            var (x, y) = (F(X(rates.Fmr)), F(Y(1 - rates.Fnmr)));
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point{(point.Dashed ? " proposed" : "")}\" cx=\"{x}\" cy=\"{y}\" r=\"5\"><title>{E(point.Label)}: FMR {E(F(rates.Fmr))}, FNMR {E(F(rates.Fnmr))}</title></circle>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"marker-label\" x=\"{F(X(rates.Fmr) + 8)}\" y=\"{F(Y(1 - rates.Fnmr) + 14)}\">{E(point.Label)}</text>");
        }

        return Close(svg);
    }

    /// <summary>
    /// A solid marker per current threshold and a dashed one per proposed threshold that differs from it (an unchanged
    /// threshold is drawn once, labelled as such).
    /// </summary>
    public static IReadOnlyList<ChartMarker> ThresholdMarkers(params (string Name, double Current, double Proposed)[] thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var markers = new List<ChartMarker>();
        foreach (var (name, current, proposed) in thresholds)
        {
            var same = F(current) == F(proposed);
            markers.Add(new ChartMarker(current, $"{name} {F(current)}{(same ? " (unchanged)" : "")}", false));
            if (!same)
            {
                markers.Add(new ChartMarker(proposed, $"new {name} {F(proposed)}", true));
            }
        }

        return markers;
    }

    private static StringBuilder Open(string title, string description, string testId) =>
        new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" data-testid=\"{E(testId)}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{E(description)}\" xmlns=\"http://www.w3.org/2000/svg\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{E(description)}</title>")
            .Append(CultureInfo.InvariantCulture, $"<text class=\"chart-title\" x=\"{Left}\" y=\"12\">{E(title)}</text>");

    private static void Axes(StringBuilder svg, int plotWidth, int plotHeight, string axis, string peak)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Left + plotWidth}\" y2=\"{Top + plotHeight}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 4}\" y=\"{Top + 4}\" text-anchor=\"end\">{E(peak)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 4}\" y=\"{Top + plotHeight}\" text-anchor=\"end\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 4}\" text-anchor=\"middle\">{E(axis)}</text>");
    }

    private static HtmlString Close(StringBuilder svg) => new HtmlString(svg.Append("</svg>").ToString());

    private static IEnumerable<double> Ticks(double min, double max)
    {
        var span = max - min;
        var step = span <= 1.5 ? 0.1 : span <= 3 ? 0.25 : span <= 15 ? 1 : span <= 40 ? 5 : span <= 150 ? 10 : 50;
        var labelEvery = (int)Math.Ceiling(span / step / 8);
        var first = Math.Ceiling(min / step);
        for (var i = 0; first + (i * labelEvery) <= (max / step) + 1e-9; i++)
        {
            yield return Math.Round((first + (i * labelEvery)) * step, 6);
        }
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
