using ScottPlot;
using T0Sharp.Evaluation.Aggregation;

namespace T0Sharp.Evaluation.Reports;

/// <summary>
/// One box of a box plot drawn on a ScottPlot plot: Q1–Q3 filled lightly, a thick median line, whiskers to min and
/// max (with short caps when asked). Used by the evaluation reports and the demo's figures.
/// </summary>
public static class BoxGlyph
{
    public static void Draw(Plot plt, double x, double width, Spread s, Color color, bool whiskerCaps)
    {
        var box = plt.Add.Rectangle(x - width / 2, x + width / 2, s.Q1, s.Q3);
        box.FillStyle.Color = color.WithAlpha(0.18);
        box.LineStyle.Color = color;
        Line(plt, x, s.Min, x, s.Q1, color, 1);
        Line(plt, x, s.Q3, x, s.Max, color, 1);
        if (whiskerCaps)
        {
            Line(plt, x - width / 4, s.Min, x + width / 4, s.Min, color, 1);
            Line(plt, x - width / 4, s.Max, x + width / 4, s.Max, color, 1);
        }
        Line(plt, x - width / 2, s.Median, x + width / 2, s.Median, color, 3);
    }

    static void Line(Plot plt, double x1, double y1, double x2, double y2, Color color, float width)
    {
        var l = plt.Add.Line(x1, y1, x2, y2);
        l.LineColor = color;
        l.LineWidth = width;
        l.MarkerSize = 0;
    }
}
