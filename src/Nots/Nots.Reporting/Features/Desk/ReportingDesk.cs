using Microsoft.AspNetCore.Http.HttpResults;
using Nots.Reporting.Data;
using Nots.Reporting.Features.Analytics;
using Nots.Reporting.Features.Audit;

namespace Nots.Reporting.Features.Desk;

/// <summary>
/// The reporting module's surface for the operations dashboard (admin, owner: callers authorise
/// <c>PlatformPolicies.Operations</c> first): the queries of <c>GET /v1/analytics</c> and <c>GET /v1/audit</c>.
/// </summary>
public interface IReportingDesk
{
    /// <summary>Analytics of the UK dates [from, to] by day, week or month; null when the period or grouping is invalid.</summary>
    Task<AnalyticsResponse?> AnalyticsAsync(string? from, string? to, string? groupBy, CancellationToken cancellationToken);

    /// <summary>A page of the audit log, newest first, optionally of one subject type (booking, driver, vehicle, …); null for a cursor it did not give.</summary>
    Task<AuditPage?> AuditAsync(string? subjectType, string? subjectId, string? cursor, CancellationToken cancellationToken);
}

internal sealed class ReportingDesk(ReportingDbContext db, TimeProvider time) : IReportingDesk
{
    public async Task<AnalyticsResponse?> AnalyticsAsync(string? from, string? to, string? groupBy, CancellationToken cancellationToken) =>
        (await GetAnalytics.HandleAsync(from, to, groupBy, db, time, cancellationToken)).Result is Ok<AnalyticsResponse> ok ? ok.Value : null;

    public async Task<AuditPage?> AuditAsync(string? subjectType, string? subjectId, string? cursor, CancellationToken cancellationToken) =>
        (await ListAudit.HandleAsync(subjectType, subjectId, null, 50, cursor, db, cancellationToken)).Result is Ok<AuditPage> ok ? ok.Value : null;
}
