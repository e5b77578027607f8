using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Storage;
using Platform.Testing;

namespace Platform.Tests.Storage;

public sealed class DocumentStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "platform-tests", "files-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2027, 5, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly IDocumentStore _store;

    public DocumentStoreTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Storage:Root", _root)]).Build();
        services.AddPlatformStorage(configuration, "Nots");
        _store = services.BuildServiceProvider().GetRequiredService<IDocumentStore>();
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static DocumentUpload Upload(string? name, long maxBytes = 1024 * 1024, params DocumentType[] allowed) =>
        new(name, allowed.Length == 0 ? DocumentType.ScannedDocuments : allowed, maxBytes, "driver-documents");

    private string[] FilesOnDisk() =>
        Directory.Exists(_root) ? Directory.GetFiles(_root, "*", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task SaveAsync_StoresUnderAServerKey_AndRoundTripsContentAndHash()
    {
        var content = Samples.Pdf(5000);

        var stored = await _store.SaveAsync(new MemoryStream(content), Upload("../../etc/My Licence.pdf"));

        stored.ContentType.ShouldBe("application/pdf");
        stored.SizeBytes.ShouldBe(5000);
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(content)));
        stored.OriginalFileName.ShouldBe("My Licence.pdf");
        stored.Key.ShouldStartWith("driver-documents/2027/05/");
        stored.Key.ShouldEndWith(".pdf");
        stored.Key.ShouldNotContain("Licence");
        (await _store.ExistsAsync(stored.Key)).ShouldBeTrue();

        await using var read = await _store.OpenReadAsync(stored.Key);
        read.ShouldNotBeNull();
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        copy.ToArray().ShouldBe(content);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheDocument()
    {
        var stored = await _store.SaveAsync(new MemoryStream(Samples.Png(100)), Upload("a.png"));

        (await _store.DeleteAsync(stored.Key)).ShouldBeTrue();

        (await _store.ExistsAsync(stored.Key)).ShouldBeFalse();
        (await _store.OpenReadAsync(stored.Key)).ShouldBeNull();
        (await _store.DeleteAsync(stored.Key)).ShouldBeFalse();
    }

    [Fact]
    public async Task SaveAsync_APngNamedPdf_IsStoredAsPng()
    {
        var stored = await _store.SaveAsync(new MemoryStream(Samples.Png(300)), Upload("licence.pdf"));

        stored.ContentType.ShouldBe("image/png");
        stored.Key.ShouldEndWith(".png");
    }

    [Fact]
    public async Task SaveAsync_APngNamedPdf_WhenOnlyPdfIsAllowed_IsRefused()
    {
        var error = await Should.ThrowAsync<UnsupportedDocumentTypeException>(
            () => _store.SaveAsync(new MemoryStream(Samples.Png(300)), Upload("licence.pdf", 1024, DocumentType.Pdf)));

        error.Detected.ShouldBe(DocumentType.Png);
        error.StatusCode.ShouldBe(415);
        FilesOnDisk().ShouldBeEmpty();
    }

    [Fact]
    public async Task SaveAsync_ATextFileNamedPdf_IsRefused()
    {
        var text = Encoding.UTF8.GetBytes("This is not a PDF, honest. It only has the right name.");

        var error = await Should.ThrowAsync<UnsupportedDocumentTypeException>(
            () => _store.SaveAsync(new MemoryStream(text), Upload("x.pdf")));

        error.Detected.ShouldBeNull();
        FilesOnDisk().ShouldBeEmpty();
    }

    [Fact]
    public async Task SaveAsync_AnEmptyStream_IsRefused()
    {
        await Should.ThrowAsync<UnsupportedDocumentTypeException>(() => _store.SaveAsync(new MemoryStream(), Upload("x.pdf")));
    }

    [Fact]
    public async Task SaveAsync_WhenOversize_IsRefusedAndLeavesNoFile()
    {
        var error = await Should.ThrowAsync<DocumentTooLargeException>(
            () => _store.SaveAsync(new MemoryStream(Samples.Pdf(10_001)), Upload("big.pdf", maxBytes: 10_000)));

        error.StatusCode.ShouldBe(413);
        FilesOnDisk().ShouldBeEmpty();
    }

    [Fact]
    public async Task SaveAsync_WhenOversizeOnAStreamOfUnknownLength_IsRefusedAndLeavesNoFile()
    {
        var stream = new UnknownLengthStream(Samples.Jpeg(300_000));

        await Should.ThrowAsync<DocumentTooLargeException>(() => _store.SaveAsync(stream, Upload("photo.jpg", maxBytes: 200_000)));

        FilesOnDisk().ShouldBeEmpty();
    }

    [Fact]
    public async Task SaveAsync_ExactlyAtTheLimit_IsAccepted()
    {
        var stored = await _store.SaveAsync(new UnknownLengthStream(Samples.Jpeg(10_000)), Upload("photo.jpg", maxBytes: 10_000));

        stored.SizeBytes.ShouldBe(10_000);
    }

    [Theory]
    [InlineData("../secret.pdf")]
    [InlineData("driver-documents/2027/05/../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("driver-documents/2027/05/..%2f..%2fx.pdf")]
    [InlineData("driver-documents\\2027\\05\\0123456789abcdef0123456789abcdef.pdf")]
    [InlineData("driver-documents/2027/05/licence.pdf")]
    [InlineData("")]
    public async Task KeysThisStoreDoesNotGenerate_AreRejected(string key)
    {
        await Should.ThrowAsync<InvalidDocumentKeyException>(() => _store.OpenReadAsync(key));
        await Should.ThrowAsync<InvalidDocumentKeyException>(() => _store.ExistsAsync(key));
        await Should.ThrowAsync<InvalidDocumentKeyException>(() => _store.DeleteAsync(key));
    }

    [Fact]
    public async Task SaveAsync_WithABadCategory_Throws()
    {
        await Should.ThrowAsync<ArgumentException>(
            () => _store.SaveAsync(new MemoryStream(Samples.Pdf(100)), Upload("x.pdf") with { Category = "../up" }));
    }

    [Fact]
    public async Task ConcurrentSaves_DoNotCollide()
    {
        var contents = Enumerable.Range(0, 24).Select(i => Samples.Pdf(2000 + i)).ToList();

        var stored = await Task.WhenAll(contents.Select(c => Task.Run(() => _store.SaveAsync(new MemoryStream(c), Upload("same-name.pdf")))));

        stored.Select(s => s.Key).Distinct().Count().ShouldBe(24);
        for (var i = 0; i < contents.Count; i++)
        {
            await using var read = await _store.OpenReadAsync(stored[i].Key);
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            copy.ToArray().ShouldBe(contents[i]);
        }
    }

    [Fact]
    public void DocumentProblems_MapsRefusalsToStatusAndCode()
    {
        var problem = DocumentProblems.ToProblem(new DocumentTooLargeException(10));

        problem.StatusCode.ShouldBe(413);
        problem.ProblemDetails.Extensions["code"].ShouldBe("document_too_large");
        DocumentProblems.ToProblem(new UnsupportedDocumentTypeException(null, [DocumentType.Pdf])).StatusCode.ShouldBe(415);
    }

    /// <summary>A network-like stream: no Length, no Seek, small reads.</summary>
    private sealed class UnknownLengthStream(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1000), content.Length - _position);
            Array.Copy(content, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
