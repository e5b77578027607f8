namespace Platform.Identity.PersonalData;

internal static class ErasureStatus
{
    public const string Pending = "Pending";
    public const string Completed = "Completed";
}

/// <summary>
/// A person's request to be erased: one per account (unique), written in the same transaction that closes the account.
/// The confirmed e-mail and phone are kept only until every module has erased, so the modules can still find guest data.
/// </summary>
internal sealed class ErasureRequest
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public string Status { get; set; } = ErasureStatus.Pending;

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public List<ErasureStep> Steps { get; set; } = [];
}

/// <summary>One module's erasure for a request: a durable job row, claimed with a lease, retried with back-off until done.</summary>
internal sealed class ErasureStep
{
    public Guid RequestId { get; set; }

    /// <summary>The <see cref="Platform.Privacy.IPersonalDataSource.Name"/>.</summary>
    public string Source { get; set; } = "";

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public string? LockedBy { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? LastError { get; set; }
}
