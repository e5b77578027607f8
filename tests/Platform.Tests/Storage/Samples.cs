namespace Platform.Tests.Storage;

/// <summary>Byte arrays that start with each format's real signature, padded to a size.</summary>
internal static class Samples
{
    public static byte[] Pdf(int size) => Pad("%PDF-1.7\n%\u00e2\u00e3\n"u8.ToArray(), size);

    public static byte[] Png(int size) => Pad([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52], size);

    public static byte[] Jpeg(int size) => Pad([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00], size);

    public static byte[] Gif(int size) => Pad("GIF89a"u8.ToArray(), size);

    public static byte[] WebP(int size) => Pad([.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8], size);

    private static byte[] Pad(byte[] header, int size)
    {
        var bytes = new byte[size];
        header.CopyTo(bytes, 0);
        var random = new Random(size);
        random.NextBytes(bytes.AsSpan(header.Length));
        return bytes;
    }
}
