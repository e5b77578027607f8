namespace Platform.Storage;

/// <summary>
/// Detects a document's type from its first bytes (magic numbers), never from its name or the client's
/// Content-Type header.
/// </summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs to recognise every supported type.</summary>
    public const int HeaderLength = 12;

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Gif87Magic => "GIF87a"u8;

    private static ReadOnlySpan<byte> Gif89Magic => "GIF89a"u8;

    /// <summary>Returns the type the bytes start with, or <c>null</c> when they match none of <see cref="DocumentType.All"/>.</summary>
    public static DocumentType? Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(PdfMagic))
        {
            return DocumentType.Pdf;
        }

        if (header.StartsWith(PngMagic))
        {
            return DocumentType.Png;
        }

        if (header.StartsWith(JpegMagic))
        {
            return DocumentType.Jpeg;
        }

        if (header.StartsWith(Gif87Magic) || header.StartsWith(Gif89Magic))
        {
            return DocumentType.Gif;
        }

        if (header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return DocumentType.WebP;
        }

        return null;
    }
}
