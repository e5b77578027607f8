using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NovaTech.Catalog.Application;
using NovaTech.Catalog.Data;
using NovaTech.Catalog.Domain;
using Platform.Web;

namespace NovaTech.Catalog.Features.Import;

public sealed record ImportAccepted(Guid JobId, int TotalRows, string StatusUrl);

public sealed record ImportErrorResponse(int Row, string Message);

public sealed record ImportJobResponse(
    Guid JobId,
    string Status,
    string FileName,
    int TotalRows,
    int Processed,
    int Succeeded,
    int Failed,
    IReadOnlyList<ImportErrorResponse> Errors,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt);

/// <summary>
/// <c>POST /products/import</c> (merchant or admin): a multipart upload (<c>file</c>) of a product CSV, at most
/// <see cref="MaxBytes"/> and <see cref="MaxRows"/> rows. The header is checked now; the rows are imported in the
/// background. Answers 202 with the job to poll.
/// </summary>
internal static class ImportProducts
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 50_000;
    private static readonly string[] CsvTypes = ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", "application/octet-stream"];

    public static async Task<Results<Accepted<ImportAccepted>, ProblemHttpResult>> HandleAsync(
        IFormFile file, ClaimsPrincipal user, CatalogDbContext db, ImportSignal signal, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var mediaType = (file.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (!file.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || !CsvTypes.Contains(mediaType))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Upload a .csv file (text/csv).",
                extensions: new Dictionary<string, object?> { ["code"] = "unsupported_file_type" });
        }

        if (file.Length is 0 or > MaxBytes)
        {
            throw new DomainException("invalid_file_size", $"The file must hold 1 byte to {MaxBytes / 1024 / 1024} MB.");
        }

        string content;
        try
        {
            using var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            content = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            throw new DomainException("invalid_encoding", "The file is not UTF-8 text.");
        }

        if (content.Contains('\0', StringComparison.Ordinal))
        {
            throw new DomainException("invalid_encoding", "The file is not text.");
        }

        var (missing, rows) = ProductCsv.Inspect(content);
        if (missing.Count > 0)
        {
            throw new DomainException("invalid_csv_header", $"The header lacks: {string.Join(", ", missing)}.")
            {
                Details = { ["missingColumns"] = missing },
            };
        }

        if (rows is 0 or > MaxRows)
        {
            throw new DomainException("invalid_row_count", $"The file must hold 1 to {MaxRows} data rows.");
        }

        var job = ImportJob.Create(CatalogUser.Id(user), Path.GetFileName(file.FileName), content, rows, time.GetUtcNow());
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        var url = $"{http.Request.PathBase}{http.Request.Path}/{job.Id}";
        return TypedResults.Accepted(url, new ImportAccepted(job.Id, rows, url));
    }
}

/// <summary><c>GET /products/import/{jobId}</c> (its merchant or an admin): progress and row errors.</summary>
internal static class GetImportJob
{
    public static async Task<Ok<ImportJobResponse>> HandleAsync(Guid jobId, ClaimsPrincipal user, CatalogDbContext db, CancellationToken cancellationToken)
    {
        var job = await db.ImportJobs.AsNoTracking()
            .Where(j => j.Id == jobId)
            .Select(j => new { j.Id, j.MerchantId, j.Status, j.FileName, j.TotalRows, j.Processed, j.Succeeded, j.Failed, j.Errors, j.CreatedAt, j.CompletedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (job is null || !CatalogUser.CanManage(user, job.MerchantId))
        {
            throw DomainException.NotFound("import_not_found", "No such import.");
        }

        return TypedResults.Ok(new ImportJobResponse(job.Id, job.Status.ToString().ToLowerInvariant(), job.FileName, job.TotalRows, job.Processed, job.Succeeded, job.Failed,
            [.. job.Errors.Select(e => new ImportErrorResponse(e.Row, e.Message))], job.CreatedAt, job.CompletedAt));
    }
}
