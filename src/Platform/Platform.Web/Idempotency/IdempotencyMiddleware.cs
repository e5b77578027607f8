using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Web.Data;

namespace Platform.Web.Idempotency;

/// <summary>
/// Makes unsafe POSTs with an <c>Idempotency-Key</c> header safe to retry: the first response (2xx–4xx) is
/// stored and replayed for the same key; the same key with a different body is a 422; a retry while the
/// first is still running is a 409. A 5xx is not stored, so the client may retry. The unique key in the
/// database makes this hold across nodes.
/// <para>
/// A node that dies mid-request leaves its record "in progress" with no one to finish it. Once that record is older
/// than <see cref="Lease"/> (far longer than any request runs), a retry with the same key and body takes it over —
/// one retry only, by a compare-and-swap on its start time — and runs the request, so a crash costs the client a wait,
/// not a day of 409s.
/// </para>
/// <para>
/// Keys are scoped per signed-in user. Anonymous callers share one scope per path, so their key is the only thing
/// between one guest and another guest's stored response (a cart id, an order token): anonymous keys must be
/// unguessable — at least <see cref="AnonymousKeyMinLength"/> characters, e.g. a UUID — and stay bound to the body
/// (another body with the same key is a 422 <c>idempotency_key_reused</c>, never the stored response).
/// </para>
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next, TimeProvider time)
{
    public const string HeaderName = "Idempotency-Key";
    /// <summary>Shortest key an anonymous caller may use: 22 characters hold 128 random bits in base64url (a UUID has 32 hex digits).</summary>
    public const int AnonymousKeyMinLength = 22;
    /// <summary>How old an unfinished record must be before a retry may take it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next(context);
            return;
        }

        var key = values.ToString();
        if (key.Length is 0 or > 255)
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "idempotency_key_invalid",
                "The Idempotency-Key header must be 1 to 255 characters.");
            return;
        }

        var user = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.User.FindFirstValue("sub");
        if (user is null && key.Length < AnonymousKeyMinLength)
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, "idempotency_key_invalid",
                $"Without signing in, the Idempotency-Key must be unguessable: at least {AnonymousKeyMinLength} random characters, e.g. a UUID.");
            return;
        }

        context.Request.EnableBuffering();
        var hash = await HashBodyAsync(context.Request, context.RequestAborted);
        var scope = $"{user ?? "anonymous"} {context.Request.Method} {context.Request.Path}";
        if (scope.Length > 200)
        {
            scope = scope[..200];
        }

        var db = context.RequestServices.GetRequiredService<WebDbContext>();
        var now = time.GetUtcNow();
        var record = new IdempotencyRecord { Scope = scope, Key = key, RequestHash = hash, CreatedAt = now, ExpiresAt = now + Retention };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(context.RequestAborted);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, context.RequestAborted);
            if (existing is not { StatusCode: null } || existing.RequestHash != hash || existing.CreatedAt > now - Lease
                || !await TakeOverAsync(db, existing, now, context.RequestAborted))
            {
                await ReplayAsync(context, existing, hash);
                return;
            }

            record = new IdempotencyRecord { Scope = scope, Key = key, RequestHash = hash, CreatedAt = now, ExpiresAt = now + Retention };
            db.IdempotencyRecords.Attach(record);
        }

        var originalBody = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            context.Response.Body = originalBody;
            if (completed && context.Response.StatusCode < 500)
            {
                record.StatusCode = context.Response.StatusCode;
                record.ContentType = context.Response.ContentType;
                record.Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
                record.ResponseBody = captured.ToArray();
                record.CompletedAt = time.GetUtcNow();
            }
            else
            {
                db.IdempotencyRecords.Remove(record);
            }

            // The outcome must be recorded even if the client has gone away meanwhile.
            await db.SaveChangesAsync(CancellationToken.None);
            captured.Position = 0;
            if (completed)
            {
                await captured.CopyToAsync(originalBody, context.RequestAborted);
            }
        }
    }

    /// <summary>Claims an abandoned record: only the retry that still sees the start time it read wins.</summary>
    private static async Task<bool> TakeOverAsync(WebDbContext db, IdempotencyRecord abandoned, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.IdempotencyRecords
            .Where(r => r.Scope == abandoned.Scope && r.Key == abandoned.Key && r.StatusCode == null && r.CreatedAt == abandoned.CreatedAt)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.CreatedAt, now).SetProperty(r => r.ExpiresAt, now + Retention), cancellationToken) == 1;

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord? existing, string hash)
    {
        if (existing is null)
        {
            // The first attempt failed and was removed between our insert and this read: let the client retry.
            await WriteProblemAsync(context, StatusCodes.Status409Conflict, "idempotency_request_in_progress",
                "A request with this Idempotency-Key is being processed. Retry shortly.");
            return;
        }

        if (!string.Equals(existing.RequestHash, hash, StringComparison.Ordinal))
        {
            await WriteProblemAsync(context, StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                "This Idempotency-Key was used with a different request body.");
            return;
        }

        if (existing.StatusCode is not { } status)
        {
            await WriteProblemAsync(context, StatusCodes.Status409Conflict, "idempotency_request_in_progress",
                "A request with this Idempotency-Key is being processed. Retry shortly.");
            return;
        }

        context.Response.StatusCode = status;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (existing.ContentType is not null)
        {
            context.Response.ContentType = existing.ContentType;
        }

        if (existing.Location is not null)
        {
            context.Response.Headers.Location = existing.Location;
        }

        if (existing.ResponseBody is { Length: > 0 } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static async Task<string> HashBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.Body.Position = 0;
        var hash = await SHA256.HashDataAsync(request.Body, cancellationToken);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash);
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string code, string detail)
    {
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = "Idempotency-Key", Detail = detail, Type = ProblemCodes.TypeFor(code) };
        problem.Extensions["code"] = code;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
