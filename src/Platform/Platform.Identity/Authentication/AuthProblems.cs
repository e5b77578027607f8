using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Identity.Authentication;

/// <summary>RFC 9457 problems of the identity module, each with a stable <c>code</c>.</summary>
internal static class AuthProblems
{
    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null, IEnumerable<KeyValuePair<string, object?>>? extra = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        foreach (var (key, value) in extra ?? [])
        {
            extensions[key] = value;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    public static ProblemHttpResult InvalidCredentials() =>
        Create(StatusCodes.Status401Unauthorized, "invalid_credentials", "The e-mail address or password is wrong.");

    /// <summary>423 Locked: the account is locked after too many failed sign-ins.</summary>
    public static ProblemHttpResult LockedOut() =>
        Create(StatusCodes.Status423Locked, "locked_out", "The account is locked after too many failed attempts. Try again later.");

    public static ProblemHttpResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, "unauthorized", "Authentication is required.");

    public static ProblemHttpResult Forbidden() =>
        Create(StatusCodes.Status403Forbidden, "forbidden", "You are not allowed to do this.");

    public static ValidationProblem Validation(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is invalid.", extensions: new Dictionary<string, object?> { ["code"] = "validation_failed" });
}
