using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Platform.Identity.Authentication;

namespace Platform.Identity.PersonalData;

internal sealed record ErasureAccepted(Guid Id, string Status, DateTimeOffset RequestedAt, string StatusUrl);

internal sealed record ErasureRequestPage(IReadOnlyList<ErasureRequestView> Items, string? NextCursor);

/// <summary>
/// <c>GET auth/me/data</c> (download of everything held about the caller), <c>POST auth/me/erasure</c> (202 with the
/// request), <c>GET auth/me/erasure/{id}</c> (its progress), and for staff <c>GET admin/erasure-requests</c>.
/// </summary>
internal static class PersonalDataEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        // Not under the auth group's sign-in rate limit: these are ordinary authenticated calls (the global limit applies).
        var me = routes.MapGroup("auth/me").WithTags("Auth").RequireAuthorization(PlatformPolicies.Authenticated);
        me.MapGet("data", ExportAsync).WithName("ExportPersonalData");
        me.MapPost("erasure", RequestErasureAsync).WithName("RequestErasure");
        me.MapGet("erasure/{id:guid}", GetErasureAsync).WithName("GetErasure");

        routes.MapGet("admin/erasure-requests", ListAsync).WithTags("Operations").WithName("ListErasureRequests")
            .RequireAuthorization(PlatformPolicies.Staff);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        ClaimsPrincipal principal, IPersonalDataRights rights, CancellationToken cancellationToken) =>
        await rights.ExportAsync(principal, cancellationToken) is { } file
            ? TypedResults.File(file.Content, file.ContentType, file.FileName)
            : AuthProblems.Unauthorized();

    private static async Task<Results<Accepted<ErasureAccepted>, ProblemHttpResult>> RequestErasureAsync(
        ClaimsPrincipal principal, PersonalDataService service, HttpContext http, CancellationToken cancellationToken)
    {
        if (UserIdOf(principal) is not { } userId || await service.RequestErasureAsync(userId, cancellationToken) is not { } outcome)
        {
            return AuthProblems.Unauthorized();
        }

        if (outcome.NotSelfService)
        {
            return AuthProblems.Create(StatusCodes.Status409Conflict, "erasure_not_self_service",
                "Staff and driver accounts are erased by the operator.", PersonalDataRights.StaffReason);
        }

        if (outcome.Request is not { } request)
        {
            return AuthProblems.Create(StatusCodes.Status409Conflict, "erasure_blocked",
                "Your data cannot be erased yet.", string.Join(" ", outcome.Blockers),
                [new("reasons", outcome.Blockers)]);
        }

        var url = $"{http.Request.PathBase}{http.Request.Path}/{request.Id}";
        return TypedResults.Accepted(url, new ErasureAccepted(request.Id, request.Status, request.RequestedAt, url));
    }

    private static async Task<Results<Ok<ErasureRequestView>, ProblemHttpResult>> GetErasureAsync(
        Guid id, ClaimsPrincipal principal, PersonalDataService service, CancellationToken cancellationToken)
    {
        var request = await service.FindAsync(id, cancellationToken);
        return request is null || request.UserId != UserIdOf(principal)
            ? AuthProblems.Create(StatusCodes.Status404NotFound, "erasure_request_not_found", "There is no such erasure request of yours.")
            : TypedResults.Ok(request);
    }

    private static async Task<Results<Ok<ErasureRequestPage>, ProblemHttpResult>> ListAsync(
        PersonalDataService service, string? status, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        if (status is not (null or ErasureStatus.Pending or ErasureStatus.Completed))
        {
            return AuthProblems.Create(StatusCodes.Status400BadRequest, "invalid_status", "status is Pending or Completed.");
        }

        DateTimeOffset? before = null;
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return AuthProblems.Create(StatusCodes.Status400BadRequest, "invalid_cursor", "The cursor is not one this endpoint returned.");
            }

            before = new DateTimeOffset(ticks, TimeSpan.Zero);
        }

        var size = Math.Clamp(limit ?? 50, 1, 200);
        var items = await service.ListAsync(status, before, size, cancellationToken);
        var next = items.Count == size ? items[^1].RequestedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new ErasureRequestPage(items, next));
    }

    private static Guid? UserIdOf(ClaimsPrincipal principal) => PersonalDataRights.UserIdOf(principal);
}
