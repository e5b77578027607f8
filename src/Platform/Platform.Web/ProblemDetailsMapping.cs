using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Platform.Web;

/// <summary>Stable problem codes shared by every product.</summary>
public static class ProblemCodes
{
    /// <summary>The body could not be read (malformed JSON, wrong content type).</summary>
    public const string BadRequest = "bad_request";

    /// <summary>Fields failed validation.</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>The body is larger than the endpoint allows.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>Someone else changed the record first.</summary>
    public const string ConcurrencyConflict = "concurrency_conflict";

    /// <summary>Too many requests.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Our fault; details are in the logs under the trace id.</summary>
    public const string ServerError = "server_error";

    /// <summary>The problem <c>type</c> URI for a code.</summary>
    public static string TypeFor(string code) => "https://errors.platform.local/" + code.Replace('_', '-');
}

/// <summary>Maps exceptions to RFC 9457 ProblemDetails: client mistakes are 4xx with a code; only bugs are 500.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, title, detail) = exception switch
        {
            DomainException domain => (domain.Kind switch
            {
                DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
                DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status422UnprocessableEntity,
            }, domain.Code, TitleFor(domain.Kind), domain.Message),
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (StatusCodes.Status413PayloadTooLarge, ProblemCodes.PayloadTooLarge, "Request body too large", bad.Message),
            BadHttpRequestException bad => (bad.StatusCode, ProblemCodes.BadRequest, "Bad request", Describe(bad)),
            JsonException json => (StatusCodes.Status400BadRequest, ProblemCodes.BadRequest, "Malformed JSON", json.Message),
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, ProblemCodes.ConcurrencyConflict, "Conflict",
                "The record was changed by someone else. Reload it and try again."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested =>
                (499, "client_closed_request", "Client closed request", null),
            _ => (StatusCodes.Status500InternalServerError, ProblemCodes.ServerError, "Something went wrong on our side", null),
        };

        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            logger.LogInformation("Request rejected with {Status} {Code}: {Message}", status, code, exception.Message);
        }

        if (httpContext.Response.HasStarted || status == 499)
        {
            return status == 499;
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = ProblemCodes.TypeFor(code) };
        problem.Extensions["code"] = code;
        if (exception is DomainException { Details.Count: > 0 } withDetails)
        {
            foreach (var (key, value) in withDetails.Details)
            {
                problem.Extensions[key] = value;
            }
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string TitleFor(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Conflict => "Conflict",
        DomainErrorKind.NotFound => "Not found",
        _ => "Business rule violated",
    };

    // The framework's message names the parameter; the inner JSON error says where the body broke.
    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
}

/// <summary>Adds a code, the trace id and the correlation id to every ProblemDetails the app writes.</summary>
internal static class ProblemDetailsEnricher
{
    public static void Enrich(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Instance ??= context.HttpContext.Request.Path;
        if (!problem.Extensions.ContainsKey("code"))
        {
            var code = problem.Status switch
            {
                400 when problem is HttpValidationProblemDetails => ProblemCodes.ValidationFailed,
                400 => ProblemCodes.BadRequest,
                401 => "unauthenticated",
                403 => "forbidden",
                404 => "not_found",
                405 => "method_not_allowed",
                409 => "conflict",
                413 => ProblemCodes.PayloadTooLarge,
                415 => "unsupported_media_type",
                422 => "unprocessable",
                429 => ProblemCodes.RateLimited,
                _ => problem.Status >= 500 ? ProblemCodes.ServerError : "error",
            };
            problem.Extensions["code"] = code;
        }

        if ((problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
            && problem.Extensions.TryGetValue("code", out var stable) && stable is string stableCode)
        {
            problem.Type = ProblemCodes.TypeFor(stableCode);
        }

        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        if (context.HttpContext.Items.TryGetValue(CorrelationIdMiddleware.ItemKey, out var correlationId))
        {
            problem.Extensions["correlationId"] = correlationId;
        }
    }
}
