using System.Globalization;
using System.Text;

namespace Platform.Documents;

/// <summary>
/// A deliberately small PDF 1.4 writer for text documents (packing slips, invoices, statutory records): A4 pages,
/// Helvetica and Helvetica-Bold (standard fonts every reader has, so nothing is embedded), WinAnsi text, lines. It
/// exists because PDFsharp 6.5 — the only PDF library in our registry — refuses to render until the product declares an
/// AGPL or commercial licence (docs/adr). Coordinates are points from the top-left corner.
/// </summary>
public sealed class TextPdf
{
    /// <summary>A4 width in points.</summary>
    public const double PageWidth = 595.28;
    /// <summary>A4 height in points.</summary>
    public const double PageHeight = 841.89;
    private readonly List<StringBuilder> _pages = [];
    private StringBuilder _page = null!;

    private readonly double _fontSize;

    /// <summary>Starts with one empty page; text is <paramref name="fontSize"/> points unless a call says otherwise.</summary>
    public TextPdf(double fontSize = 10)
    {
        _fontSize = fontSize;
        NewPage();
    }

    /// <summary>Pages so far.</summary>
    public int PageCount => _pages.Count;

    /// <summary>Starts a new page; later drawing goes there.</summary>
    public void NewPage()
    {
        _page = new StringBuilder();
        _pages.Add(_page);
    }

    /// <summary>Writes text with its baseline at <paramref name="y"/> points from the top.</summary>
    public void Text(double x, double y, string text, double? size = null, bool bold = false)
    {
        _page.Append(CultureInfo.InvariantCulture, $"BT /{(bold ? "F2" : "F1")} {size ?? _fontSize:0.##} Tf {x:0.##} {PageHeight - y:0.##} Td (");
        AppendEscaped(_page, text);
        _page.Append(") Tj ET\n");
    }

    /// <summary>Writes text ending at <paramref name="right"/> (amounts, numbers), using Helvetica's advance widths.</summary>
    public void TextRight(double right, double y, string text, double? size = null, bool bold = false) =>
        Text(right - Width(text, size ?? _fontSize, bold), y, text, size ?? _fontSize, bold);

    /// <summary>Approximate Helvetica advance width in points — exact for digits and the punctuation amounts use.</summary>
    public static double Width(string text, double size, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        double units = 0;
        foreach (var c in text)
        {
            units += c switch
            {
                >= '0' and <= '9' or '£' or '$' or '#' or '€' => 556,
                '.' or ',' or ' ' or ':' => 278,
                '%' => 889,
                '-' or '(' or ')' => 333,
                >= 'A' and <= 'Z' => bold ? 722 : 667,
                'i' or 'l' or 'j' => 222,
                'm' or 'w' => 833,
                _ => bold ? 611 : 556,
            };
        }

        return units * size / 1000;
    }

    /// <summary>Draws a thin line.</summary>
    public void Line(double x1, double y1, double x2, double y2) =>
        _page.Append(CultureInfo.InvariantCulture, $"0.5 w {x1:0.##} {PageHeight - y1:0.##} m {x2:0.##} {PageHeight - y2:0.##} l S\n");

    /// <summary>The document; <paramref name="producer"/> names the product in the document information.</summary>
    public byte[] ToBytes(string title, string producer = "Platform")
    {
        var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Write(string s) => pdf.Write(Encoding.Latin1.GetBytes(s));
        void Object(string body)
        {
            offsets.Add(pdf.Position);
            Write($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        // Objects: 1 catalog, 2 page tree, 3-4 fonts, 5 info, then a (page, content) pair per page.
        var firstPage = 6;
        var kids = string.Join(" ", Enumerable.Range(0, _pages.Count).Select(i => $"{firstPage + (2 * i)} 0 R"));
        Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object($"<< /Type /Pages /Kids [{kids}] /Count {_pages.Count} >>");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
        var info = new StringBuilder();
        AppendEscaped(info, title);
        var by = new StringBuilder();
        AppendEscaped(by, producer);
        Object($"<< /Title ({info}) /Producer ({by}) >>");
        for (var i = 0; i < _pages.Count; i++)
        {
            var content = _pages[i].ToString();
            Object(string.Create(CultureInfo.InvariantCulture,
                $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth:0.##} {PageHeight:0.##}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {firstPage + (2 * i) + 1} 0 R >>"));
            Object($"<< /Length {Encoding.Latin1.GetByteCount(content)} >>\nstream\n{content}endstream");
        }

        var xref = pdf.Position;
        var table = new StringBuilder($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        Write(table.ToString());
        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    // WinAnsi is Latin-1 plus typographic punctuation in 0x80-0x9F; anything else cannot be shown with the standard fonts.
    private static void AppendEscaped(StringBuilder target, string text)
    {
        foreach (var c in text)
        {
            var mapped = c switch
            {
                '(' or ')' or '\\' => "\\" + c,
                '€' => "\u0080",
                '…' => "\u0085",
                '‘' => "\u0091",
                '’' => "\u0092",
                '“' => "\u0093",
                '”' => "\u0094",
                '–' => "\u0096",
                '—' => "\u0097",
                _ when c is >= ' ' and <= '~' or >= '\u00a0' and <= '\u00ff' => c.ToString(),
                _ => "?",
            };
            target.Append(mapped);
        }
    }
}
