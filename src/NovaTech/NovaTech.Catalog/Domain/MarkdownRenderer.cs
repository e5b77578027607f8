using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace NovaTech.Catalog.Domain;

/// <summary>
/// Renders merchant Markdown to HTML that is safe to embed: raw HTML is escaped (DisableHtml), and link/image URLs
/// other than http(s), mailto and relative ones (e.g. <c>javascript:</c>) are neutralised.
/// </summary>
internal static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                link.Url = "#";
            }
        }

        return document.ToHtml(Pipeline);
    }

    public static string ToPlainText(string markdown) =>
        Markdown.ToPlainText(markdown, Pipeline).ReplaceLineEndings(" ").Trim();

    private static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        var trimmed = url.Trim();
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute))
        {
            return absolute.Scheme is "http" or "https" or "mailto";
        }

        // Relative URL: no scheme before the first path, query or fragment character.
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var boundary = trimmed.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (boundary >= 0 && boundary < colon);
    }
}
