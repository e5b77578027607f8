namespace Platform.Web.Idempotency;

/// <summary>The first response to a POST carrying an Idempotency-Key, kept so a retry gets the same answer.</summary>
internal sealed class IdempotencyRecord
{
    /// <summary>Who sent it and where: user (or anonymous) + method + path.</summary>
    public string Scope { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>SHA-256 of the body: the same key with another body is a client bug (422).</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>Null while the first request is still running.</summary>
    public int? StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public byte[]? ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
