using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Storage;

/// <summary>
/// The embedded default store: files under a root folder, keys <c>&lt;category&gt;/&lt;yyyy&gt;/&lt;mm&gt;/&lt;guid&gt;.&lt;ext&gt;</c>.
/// Writes go to a temporary file on the same volume and are moved into place only when complete and valid,
/// so a reader never sees half a file and a refused upload leaves nothing behind.
/// </summary>
internal sealed partial class FileSystemDocumentStore : IDocumentStore
{
    private const string TempFolder = ".tmp";
    private readonly string _root;
    private readonly TimeProvider _time;

    public FileSystemDocumentStore(string root, TimeProvider time)
    {
        _root = Path.GetFullPath(root);
        _time = time;
        Directory.CreateDirectory(_root);
    }

    public async Task<StoredDocument> SaveAsync(Stream content, DocumentUpload upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(upload);
        if (!CategoryPattern().IsMatch(upload.Category))
        {
            throw new ArgumentException($"Category '{upload.Category}' must be lowercase letters, digits and hyphens, segments separated by '/'.", nameof(upload));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(upload.MaxBytes);

        // Sniff first: a refused type never touches the disk.
        var header = new byte[ContentSniffer.HeaderLength];
        var headerLength = await ReadAtLeastAsync(content, header, cancellationToken);
        var detected = ContentSniffer.Detect(header.AsSpan(0, headerLength));
        if (detected is null || !upload.AllowedTypes.Contains(detected))
        {
            throw new UnsupportedDocumentTypeException(detected, upload.AllowedTypes);
        }

        if (headerLength > upload.MaxBytes)
        {
            throw new DocumentTooLargeException(upload.MaxBytes);
        }

        var now = _time.GetUtcNow();
        var key = string.Create(CultureInfo.InvariantCulture,
            $"{upload.Category}/{now:yyyy}/{now:MM}/{Guid.NewGuid():N}.{detected.Extension}");
        var tempDirectory = Path.Combine(_root, TempFolder);
        Directory.CreateDirectory(tempDirectory);
        var tempPath = Path.Combine(tempDirectory, Guid.NewGuid().ToString("N") + ".part");
        long size = 0;
        string sha256;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await file.WriteAsync(header.AsMemory(0, headerLength), cancellationToken);
                hash.AppendData(header, 0, headerLength);
                size = headerLength;
                var buffer = ArrayPool<byte>.Shared.Rent(81920);
                try
                {
                    int read;
                    while ((read = await content.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
                    {
                        size += read;
                        if (size > upload.MaxBytes)
                        {
                            throw new DocumentTooLargeException(upload.MaxBytes);
                        }

                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                await file.FlushAsync(cancellationToken);
            }

            sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            var finalPath = ResolvePath(key);
            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            File.Move(tempPath, finalPath, overwrite: false);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }

        return new StoredDocument(key, detected.ContentType, size, sha256, CleanFileName(upload.FileName));
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = ResolvePath(key);
        if (!File.Exists(path))
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = ResolvePath(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(ResolvePath(key)));

    /// <summary>Maps a key to a path, refusing anything this store would not have generated.</summary>
    private string ResolvePath(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 300 || !KeyPattern().IsMatch(key))
        {
            throw new InvalidDocumentKeyException(key ?? "");
        }

        // Belt and braces: the pattern already excludes '..', but the resolved path must stay under the root.
        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDocumentKeyException(key);
        }

        return path;
    }

    private static async Task<int> ReadAtLeastAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await content.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static string? CleanFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }

        var name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        var cleaned = builder.ToString().Trim();
        if (cleaned.Length > 255)
        {
            cleaned = cleaned[..255];
        }

        return cleaned.Length == 0 ? null : cleaned;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the next clean-up; it is in the temp folder, never under a key.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}(/[a-z0-9][a-z0-9-]{0,62}){0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}(/[a-z0-9][a-z0-9-]{0,62}){0,4}/[0-9]{4}/[0-9]{2}/[0-9a-f]{32}\\.[a-z0-9]{2,5}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
