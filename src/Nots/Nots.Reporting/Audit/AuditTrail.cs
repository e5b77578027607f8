using Microsoft.Extensions.DependencyInjection;
using Nots.Reporting.Data;
using Platform.Messaging;

namespace Nots.Reporting.Audit;

/// <summary>What an audited event says: who did what to which thing, and the state before and after.</summary>
/// <param name="ActorUserId">The staff member (or driver) who acted; null for the system.</param>
/// <param name="OccurredAt">When (UTC).</param>
/// <param name="SubjectType">e.g. <c>driver</c>, <c>vehicle</c>, <c>compliance-document</c>.</param>
/// <param name="SubjectId">The subject's id.</param>
/// <param name="Summary">One line for people, in British English.</param>
/// <param name="BeforeJson">The changed fields before, when the event has them.</param>
/// <param name="AfterJson">The changed fields after.</param>
internal sealed record AuditRecord(
    Guid? ActorUserId,
    DateTimeOffset OccurredAt,
    string SubjectType,
    string SubjectId,
    string Summary,
    string? BeforeJson = null,
    string? AfterJson = null);

/// <summary>How one event type reads in the audit log; null when this occurrence is not a staff action (nothing logged).</summary>
internal sealed record AuditMap<TEvent>(Func<TEvent, AuditRecord?> Describe)
    where TEvent : class;

/// <summary>
/// Appends one audit entry per event (the message id is the entry id, so a redelivery adds nothing). The log is
/// append-only: nothing in the module updates or deletes an entry.
/// </summary>
internal sealed class AuditTrail<TEvent>(ReportingDbContext db, AuditMap<TEvent> map) : IIntegrationEventHandler<TEvent>
    where TEvent : class
{
    public async Task HandleAsync(TEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        if (map.Describe(integrationEvent) is not { } record)
        {
            return;
        }

        db.Audit.Add(new AuditEntry
        {
            Id = context.MessageId,
            OccurredAt = record.OccurredAt,
            ActorUserId = record.ActorUserId,
            Action = context.MessageType,
            SubjectType = record.SubjectType,
            SubjectId = record.SubjectId,
            Summary = record.Summary.Length > 500 ? record.Summary[..500] : record.Summary,
            BeforeJson = record.BeforeJson,
            AfterJson = record.AfterJson,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

internal static class AuditRegistration
{
    /// <summary>Audits <typeparamref name="TEvent"/> as <paramref name="describe"/> says.</summary>
    public static IServiceCollection AddAudited<TEvent>(this IServiceCollection services, Func<TEvent, AuditRecord?> describe)
        where TEvent : class
    {
        services.AddSingleton(new AuditMap<TEvent>(describe));
        return services.AddIntegrationEventHandler<TEvent, AuditTrail<TEvent>, ReportingDbContext>();
    }
}
