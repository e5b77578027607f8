namespace Platform.Web;

/// <summary>How a broken business rule is reported over HTTP.</summary>
public enum DomainErrorKind
{
    /// <summary>422: the request is well-formed but breaks a business rule.</summary>
    RuleViolated,

    /// <summary>409: the request conflicts with the current state (invalid transition, stale version, taken).</summary>
    Conflict,

    /// <summary>404: the thing asked for does not exist (or is not the caller's to see).</summary>
    NotFound,
}

/// <summary>
/// A business rule said no. Aggregates throw it from their business methods; Platform.Web maps it once,
/// to a ProblemDetails with <see cref="Code"/> as its stable <c>code</c> and <c>type</c>.
/// </summary>
public class DomainException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DomainException(string code, string message, DomainErrorKind kind = DomainErrorKind.RuleViolated)
        : base(message)
    {
        Code = code;
        Kind = kind;
    }

    /// <summary>Stable machine-readable code, e.g. <c>booking_not_amendable</c>.</summary>
    public string Code { get; }

    /// <summary>The HTTP meaning of the failure.</summary>
    public DomainErrorKind Kind { get; }

    /// <summary>Extra fields for the ProblemDetails (e.g. the reason a driver is not eligible).</summary>
    public IDictionary<string, object?> Details { get; } = new Dictionary<string, object?>();

    /// <summary>A 409 for a state conflict.</summary>
    public static DomainException Conflict(string code, string message) => new(code, message, DomainErrorKind.Conflict);

    /// <summary>A 404.</summary>
    public static DomainException NotFound(string code, string message) => new(code, message, DomainErrorKind.NotFound);
}
