namespace Platform.Storage;

/// <summary>A document type the store recognises from its content: canonical MIME type and file extension.</summary>
/// <param name="ContentType">The canonical content type, e.g. <c>application/pdf</c>.</param>
/// <param name="Extension">The extension used in storage keys, without a dot, e.g. <c>pdf</c>.</param>
public sealed record DocumentType(string ContentType, string Extension)
{
    /// <summary>PDF (<c>%PDF-</c>).</summary>
    public static DocumentType Pdf { get; } = new("application/pdf", "pdf");

    /// <summary>JPEG (<c>FF D8 FF</c>).</summary>
    public static DocumentType Jpeg { get; } = new("image/jpeg", "jpg");

    /// <summary>PNG (8-byte signature).</summary>
    public static DocumentType Png { get; } = new("image/png", "png");

    /// <summary>WebP (<c>RIFF....WEBP</c>).</summary>
    public static DocumentType WebP { get; } = new("image/webp", "webp");

    /// <summary>GIF (<c>GIF87a</c>/<c>GIF89a</c>).</summary>
    public static DocumentType Gif { get; } = new("image/gif", "gif");

    /// <summary>Every type <see cref="ContentSniffer"/> can detect.</summary>
    public static IReadOnlyList<DocumentType> All { get; } = [Pdf, Jpeg, Png, WebP, Gif];

    /// <summary>PDF, JPEG and PNG: what compliance documents (licences, insurance) may be.</summary>
    public static IReadOnlyList<DocumentType> ScannedDocuments { get; } = [Pdf, Jpeg, Png];

    /// <summary>Images a browser can show inline.</summary>
    public static IReadOnlyList<DocumentType> Images { get; } = [Jpeg, Png, WebP, Gif];
}
