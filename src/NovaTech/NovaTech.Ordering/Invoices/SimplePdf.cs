using System.Globalization;
using System.Text;

namespace NovaTech.Ordering.Invoices;

/// <summary>
/// A one-page PDF 1.4 writer for text and rules in the standard Helvetica faces (no font embedding, WinAnsi text).
/// It exists because PDFsharp 6.5 — the only PDFsharp our registry has — refuses to run without loading either its
/// AGPL licence or a commercial key, a licensing decision for the lead (see the module README), and an invoice needs
/// no more than this.
/// </summary>
internal sealed class SimplePdf
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    private static readonly Encoding WinAnsi = Encoding.Latin1;
    private readonly StringBuilder _content = new();

    /// <summary>Writes text with its baseline at <paramref name="y"/> points from the top.</summary>
    public void Text(double x, double y, string text, double size = 9, bool bold = false) =>
        _content.Append(CultureInfo.InvariantCulture, $"BT /{(bold ? "F2" : "F1")} {size:0.##} Tf {x:0.##} {PageHeight - y:0.##} Td ({Escape(text)}) Tj ET\n");

    /// <summary>Writes text ending at <paramref name="right"/>.</summary>
    public void TextRight(double right, double y, string text, double size = 9, bool bold = false) =>
        Text(right - Width(text, size, bold), y, text, size, bold);

    public void Line(double x1, double y1, double x2, double y2) =>
        _content.Append(CultureInfo.InvariantCulture, $"0.6 G 0.5 w {x1:0.##} {PageHeight - y1:0.##} m {x2:0.##} {PageHeight - y2:0.##} l S 0 G\n");

    public byte[] ToBytes(string title)
    {
        var stream = WinAnsi.GetBytes(_content.ToString());
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            string.Create(CultureInfo.InvariantCulture, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth:0.##} {PageHeight:0.##}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
            null!,
            $"<< /Title ({Escape(title)}) /Producer (NovaTech) >>",
        ];
        using var output = new MemoryStream();
        var offsets = new List<long>();
        Write(output, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(output.Position);
            if (i == 5)
            {
                Write(output, string.Create(CultureInfo.InvariantCulture, $"6 0 obj\n<< /Length {stream.Length} >>\nstream\n"));
                output.Write(stream);
                Write(output, "\nendstream\nendobj\n");
            }
            else
            {
                Write(output, string.Create(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n"));
            }
        }

        var xref = output.Position;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        Write(output, table.ToString());
        return output.ToArray();
    }

    /// <summary>Approximate Helvetica advance width (AFM units) — exact for digits and the punctuation amounts use.</summary>
    public static double Width(string text, double size, bool bold)
    {
        double units = 0;
        foreach (var c in text)
        {
            units += c switch
            {
                >= '0' and <= '9' or '£' or '$' or '#' => 556,
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

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var safe = c <= 0xFF ? c : c is '–' or '—' ? '-' : '?';
            if (safe is '\\' or '(' or ')')
            {
                builder.Append('\\');
            }

            builder.Append(safe < 0x20 ? ' ' : safe);
        }

        return builder.ToString();
    }

    private static void Write(Stream output, string text) => output.Write(WinAnsi.GetBytes(text));
}
