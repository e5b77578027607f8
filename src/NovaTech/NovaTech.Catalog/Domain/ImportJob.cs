namespace NovaTech.Catalog.Domain;

/// <summary>Where a CSV import is.</summary>
internal enum ImportJobStatus
{
    Pending,
    Running,
    Completed,
}

/// <summary>A row the import could not take, with the reason.</summary>
internal sealed record ImportRowError(int Row, string Message);

/// <summary>
/// A CSV product import running in the background. The file is kept with the job; <see cref="Processed"/> rows are
/// done, so a node that takes over an abandoned job (its lease ran out) resumes after them.
/// </summary>
internal sealed class ImportJob
{
    public const int MaxErrorsKept = 1000;

    private ImportJob()
    {
    }

    public Guid Id { get; private set; }

    public Guid MerchantId { get; private set; }

    public string FileName { get; private set; } = "";

    public string Content { get; private set; } = "";

    public ImportJobStatus Status { get; private set; }

    public int TotalRows { get; private set; }

    public int Processed { get; private set; }

    public int Succeeded { get; private set; }

    public int Failed { get; private set; }

    public List<ImportRowError> Errors { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public string? LockedBy { get; private set; }

    public static ImportJob Create(Guid merchantId, string fileName, string content, int totalRows, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        MerchantId = merchantId,
        FileName = fileName.Length > 200 ? fileName[..200] : fileName,
        Content = content,
        TotalRows = totalRows,
        Status = ImportJobStatus.Pending,
        CreatedAt = now,
    };

    public void RecordSuccess()
    {
        Processed++;
        Succeeded++;
    }

    public void RecordFailure(int row, string message)
    {
        Processed++;
        Failed++;
        if (Errors.Count < MaxErrorsKept)
        {
            Errors = [.. Errors, new ImportRowError(row, message)];
        }
    }
}
