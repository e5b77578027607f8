using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Reporting.Data;
using Platform.Identity;

namespace Nots.Reporting.Features.Audit;

/// <summary>
/// <c>GET /v1/audit?subjectType=&amp;subjectId=&amp;actor=&amp;limit=&amp;cursor=</c> (admin, owner): the audit log of
/// staff actions, newest first, with what changed before and after.
/// </summary>
internal static class ListAudit
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("audit", HandleAsync)
            .RequireAuthorization(PlatformPolicies.Operations)
            .WithTags("Audit")
            .WithSummary("The audit log of staff actions");

    internal static async Task<Results<Ok<AuditPage>, ValidationProblem>> HandleAsync(
        string? subjectType, string? subjectId, Guid? actor, int? limit, string? cursor, ReportingDbContext db, CancellationToken cancellationToken)
    {
        var take = limit ?? 50;
        var errors = new Dictionary<string, string[]>();
        if (take is < 1 or > 200)
        {
            errors["limit"] = ["limit is 1 to 200."];
        }

        (DateTimeOffset At, Guid Id)? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            var parts = cursor.Split('_');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is > 0 and < 3155378975999999999 && Guid.TryParse(parts[1], out var id))
            {
                after = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
            else
            {
                errors["cursor"] = ["The cursor is not one this endpoint gave."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = db.Audit.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(subjectType))
        {
            query = query.Where(e => e.SubjectType == subjectType.Trim());
        }

        if (!string.IsNullOrWhiteSpace(subjectId))
        {
            query = query.Where(e => e.SubjectId == subjectId.Trim());
        }

        if (actor is { } actorId)
        {
            query = query.Where(e => e.ActorUserId == actorId);
        }

        if (after is { } position)
        {
            query = query.Where(e => e.OccurredAt < position.At || (e.OccurredAt == position.At && e.Id.CompareTo(position.Id) < 0));
        }

        var rows = await query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).Select(e => new AuditItem(e.Id, e.OccurredAt, e.ActorUserId, e.Action, e.SubjectType, e.SubjectId, e.Summary, e.BeforeJson, e.AfterJson)).ToList();
        var next = rows.Count > take ? $"{page[^1].OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}_{page[^1].Id:N}" : null;
        return TypedResults.Ok(new AuditPage(page, next));
    }
}

/// <summary>A page of the audit log.</summary>
public sealed record AuditPage(IReadOnlyList<AuditItem> Items, string? NextCursor);

/// <summary>One audit entry; <c>before</c>/<c>after</c> are JSON of the changed fields when the action has them.</summary>
public sealed record AuditItem(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid? ActorUserId,
    string Action,
    string SubjectType,
    string SubjectId,
    string Summary,
    string? Before,
    string? After);
