using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Platform.Identity;

namespace Nots.Fleet.Features.Drivers;

/// <summary>
/// <c>GET /v1/drivers?status=&amp;onDuty=&amp;q=&amp;limit=&amp;cursor=</c> (staff): by name, keyset paged; each driver with
/// compliance worked out for today.
/// </summary>
internal static class ListDrivers
{
    public static void Map(RouteGroupBuilder drivers) =>
        drivers.MapGet("", HandleAsync).RequireAuthorization(PlatformPolicies.Staff).WithName("ListDrivers")
            .WithSummary("List drivers: ?status=active|suspended|left, onDuty, q (name or e-mail), limit, cursor (staff)");

    private static async Task<Results<Ok<Page<DriverResponse>>, ValidationProblem>> HandleAsync(
        string? status,
        bool? onDuty,
        string? q,
        int? limit,
        string? cursor,
        FleetDbContext db,
        ComplianceReader compliance,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !Driver.IsValidStatus(status))
        {
            errors["status"] = ["status must be active, suspended or left."];
        }

        Cursor.CheckLimit(limit, errors, out var take);
        var after = cursor is null ? null : Cursor.Decode(cursor, 2);
        if (cursor is not null && after is null)
        {
            errors["cursor"] = ["The cursor is not one this API gave out."];
        }

        if (q is { Length: > 100 })
        {
            errors["q"] = ["q is at most 100 characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var query = db.Drivers.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(d => d.Status == status);
        }

        if (onDuty is { } duty)
        {
            query = query.Where(d => d.OnDuty == duty);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            var upper = term.ToUpperInvariant();
            query = query.Where(d => d.Name.Contains(term) || d.EmailKey.Contains(upper));
        }

        if (after is [var name, var key])
        {
            query = query.Where(d => string.Compare(d.Name, name) > 0 || (d.Name == name && string.Compare(d.EmailKey, key) > 0));
        }

        var rows = await query.OrderBy(d => d.Name).ThenBy(d => d.EmailKey).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? Cursor.Encode(page[^1].Name, page[^1].EmailKey) : null;
        return TypedResults.Ok(new Page<DriverResponse>(await DriverViews.ToResponsesAsync(db, compliance, page, cancellationToken), next));
    }
}

/// <summary><c>GET /v1/drivers/{id}</c>: staff, or the driver themselves; anyone else gets 404.</summary>
internal static class GetDriver
{
    public static void Map(RouteGroupBuilder drivers) =>
        drivers.MapGet("{id:guid}", HandleAsync).RequireAuthorization(PlatformPolicies.Authenticated).WithName("GetDriver")
            .WithSummary("A driver with compliance and vehicles (staff, or the driver)");

    private static async Task<Ok<DriverResponse>> HandleAsync(
        Guid id,
        HttpContext http,
        Microsoft.AspNetCore.Authorization.IAuthorizationService authorization,
        FleetDbContext db,
        ComplianceReader compliance,
        CancellationToken cancellationToken)
    {
        var caller = await FleetCaller.FromAsync(http, authorization);
        var driver = await db.Drivers.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (driver is null || !(caller.IsStaff || (caller.UserId is { } user && driver.UserId == user)))
        {
            throw FleetErrors.DriverNotFound(id);
        }

        return TypedResults.Ok(await DriverViews.ToResponseAsync(db, compliance, driver, cancellationToken));
    }
}
