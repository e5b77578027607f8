using System.Net.Mime;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Testing;

/// <summary>
/// A small, strict MIME reader for tests (MimeKit is not in our registry): headers with folding, RFC 2047
/// encoded words, nested multiparts, base64 and quoted-printable bodies. Anything it cannot parse fails the test.
/// </summary>
public sealed partial class MimePart
{
    private MimePart(Dictionary<string, string> headers, byte[] body, List<MimePart> parts)
    {
        Headers = headers;
        Body = body;
        Parts = parts;
    }

    public Dictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public List<MimePart> Parts { get; }

    public ContentType ContentType => new(Headers.TryGetValue("Content-Type", out var value) ? value : "text/plain; charset=us-ascii");

    public string Text => Encoding.GetEncoding(ContentType.CharSet ?? "us-ascii").GetString(Body);

    public string? FileName =>
        Headers.TryGetValue("Content-Disposition", out var disposition) ? new ContentDisposition(disposition).FileName : ContentType.Name;

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? DecodeWords(value) : throw new KeyNotFoundException($"No {name} header.");

    /// <summary>Every leaf part, depth first.</summary>
    public IEnumerable<MimePart> Leaves() => Parts.Count == 0 ? [this] : Parts.SelectMany(p => p.Leaves());

    public static MimePart Parse(string raw)
    {
        raw = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var headerText = split < 0 ? raw : raw[..split];
        var bodyText = split < 0 ? "" : raw[(split + 2)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in headerText.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && last is not null)
            {
                headers[last] += " " + line.Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"Not a header line: '{line}'");
            }

            last = line[..colon].Trim();
            headers[last] = line[(colon + 1)..].Trim();
        }

        var contentType = new ContentType(headers.TryGetValue("Content-Type", out var ct) ? ct : "text/plain");
        var parts = new List<MimePart>();
        if (contentType.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = "--" + (contentType.Boundary ?? throw new FormatException("multipart without boundary"));
            var sections = bodyText.Split(boundary);
            if (sections.Length < 3 || !sections[^1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new FormatException("multipart without closing boundary");
            }

            foreach (var section in sections[1..^1])
            {
                parts.Add(Parse(section.TrimStart('\n').TrimEnd('\n')));
            }

            return new MimePart(headers, [], parts);
        }

        var encoding = headers.TryGetValue("Content-Transfer-Encoding", out var cte) ? cte.ToLowerInvariant() : "7bit";
        var body = encoding switch
        {
            "base64" => Convert.FromBase64String(bodyText.Replace("\n", "", StringComparison.Ordinal)),
            "quoted-printable" => DecodeQuotedPrintable(bodyText),
            _ => Encoding.ASCII.GetBytes(bodyText),
        };
        return new MimePart(headers, body, parts);
    }

    private static byte[] DecodeQuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }
            else if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return [.. bytes];
    }

    private static string DecodeWords(string value) =>
        EncodedWord().Replace(EncodedWordGap().Replace(value, "$1$2"), m =>
        {
            var encoding = Encoding.GetEncoding(m.Groups[1].Value);
            var payload = m.Groups[3].Value;
            return m.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? encoding.GetString(Convert.FromBase64String(payload))
                : encoding.GetString(DecodeQuotedPrintable(payload.Replace('_', ' ')));
        });

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"(\?=)\s+(=\?)")]
    private static partial Regex EncodedWordGap();
}
