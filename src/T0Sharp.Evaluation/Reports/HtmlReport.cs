using System.Net;
using System.Text;
using T0Sharp.Core;

namespace T0Sharp.Evaluation.Reports;

/// <summary>
/// A self-contained HTML page built from sections (headings, paragraphs, tables, images, raw HTML). The
/// evaluation report is one; callers (e.g. the demo) can append their own sections before saving. Text is
/// HTML-escaped; images are referenced by a path relative to the page.
/// </summary>
public sealed class HtmlReport(string title)
{
    readonly StringBuilder _body = new();

    public string Title { get; } = title;

    public HtmlReport Heading(string text, int level = 2)
    {
        _body.Append($"<h{level}>{Esc(text)}</h{level}>\n");
        return this;
    }

    public HtmlReport Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass == null ? "<p>" : $"<p class=\"{Esc(cssClass)}\">").Append(Esc(text)).Append("</p>\n");
        return this;
    }

    public HtmlReport List(IEnumerable<string> items)
    {
        _body.Append("<ul>\n");
        foreach (var i in items) _body.Append("<li>").Append(Esc(i)).Append("</li>\n");
        _body.Append("</ul>\n");
        return this;
    }

    /// <summary>A table; cells that parse as numbers are right-aligned. <paramref name="collapsedSummary"/> wraps it in a &lt;details&gt;.</summary>
    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? collapsedSummary = null)
    {
        if (collapsedSummary != null) _body.Append($"<details><summary>{Esc(collapsedSummary)}</summary>\n");
        _body.Append("<table>\n<thead><tr>");
        foreach (var h in header) _body.Append("<th>").Append(Esc(h)).Append("</th>");
        _body.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var c in row)
                _body.Append(double.TryParse(c, System.Globalization.CultureInfo.InvariantCulture, out _) ? "<td class=\"num\">" : "<td>")
                    .Append(Esc(c)).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody>\n</table>\n");
        if (collapsedSummary != null) _body.Append("</details>\n");
        return this;
    }

    public HtmlReport Image(string relativePath, string alt, string? caption = null)
    {
        _body.Append($"<figure><img src=\"{Esc(relativePath)}\" alt=\"{Esc(alt)}\">");
        if (caption != null) _body.Append($"<figcaption>{Esc(caption)}</figcaption>");
        _body.Append("</figure>\n");
        return this;
    }

    /// <summary>Appends HTML as is (the caller escapes).</summary>
    public HtmlReport Raw(string html)
    {
        _body.Append(html).Append('\n');
        return this;
    }

    public string Render() => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Esc(Title)}}</title>
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1f2328; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; }
        h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
        table { border-collapse: collapse; margin: .8rem 0; font-size: .9rem; }
        th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; }
        th { background: #f6f8fa; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        figure { margin: 1rem 0; }
        img { max-width: 100%; border: 1px solid #d0d7de; }
        figcaption, .meta { color: #57606a; font-size: .9rem; }
        details { margin: .8rem 0; }
        summary { cursor: pointer; font-weight: 600; }
        </style>
        </head>
        <body>
        <h1>{{Esc(Title)}}</h1>
        {{_body}}
        </body>
        </html>

        """;

    public void Save(string path) => AtomicFile.WriteAllText(path, Render());

    static string Esc(string s) => WebUtility.HtmlEncode(s);
}
