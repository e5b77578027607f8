using Platform.Storage;

namespace Platform.Tests.Storage;

public sealed class ContentSnifferTests
{
    public static TheoryData<string, string, string> Signatures => new()
    {
        { "pdf", "application/pdf", "pdf" },
        { "jpeg", "image/jpeg", "jpg" },
        { "png", "image/png", "png" },
        { "webp", "image/webp", "webp" },
        { "gif", "image/gif", "gif" },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Detect_RecognisesEachTypeFromItsContent(string sample, string contentType, string extension)
    {
        var bytes = sample switch
        {
            "pdf" => Samples.Pdf(64),
            "jpeg" => Samples.Jpeg(64),
            "png" => Samples.Png(64),
            "webp" => Samples.WebP(64),
            _ => Samples.Gif(64),
        };

        var type = ContentSniffer.Detect(bytes);

        type.ShouldNotBeNull();
        type.ContentType.ShouldBe(contentType);
        type.Extension.ShouldBe(extension);
    }

    [Theory]
    [InlineData("hello, world")]
    [InlineData("<html><body>%PDF-</body></html>")]
    [InlineData("RIFF\0\0\0\0WAVEfmt ")]
    [InlineData("")]
    public void Detect_ReturnsNullForAnythingElse(string text)
    {
        ContentSniffer.Detect(System.Text.Encoding.ASCII.GetBytes(text)).ShouldBeNull();
    }

    [Fact]
    public void Detect_ATruncatedPngSignature_IsNotPng()
    {
        ContentSniffer.Detect([0x89, 0x50, 0x4E, 0x47]).ShouldBeNull();
    }
}
