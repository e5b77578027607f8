using Microsoft.EntityFrameworkCore;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Nots.Fleet.Domain.Rules;

namespace Nots.Fleet.Compliance;

/// <summary>The UK calendar day: documents expire at the end of a London day, whatever the UTC clock says.</summary>
internal static class FleetClock
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), London).DateTime);
}

/// <summary>Works out compliance for many owners with one query of their documents.</summary>
internal sealed class ComplianceReader(FleetDbContext db, TimeProvider time)
{
    public DateOnly Today => FleetClock.Today(time);

    public async Task<Dictionary<Guid, ComplianceResult>> EvaluateAsync(string ownerType, IReadOnlyCollection<Guid> ownerIds, CancellationToken cancellationToken)
    {
        var results = new Dictionary<Guid, ComplianceResult>();
        if (ownerIds.Count == 0)
        {
            return results;
        }

        var today = Today;
        var documents = new List<ComplianceDocument>();
        foreach (var chunk in ownerIds.Distinct().Chunk(500))
        {
            documents.AddRange(await db.Documents.AsNoTracking()
                .Where(d => chunk.Contains(d.OwnerId) && d.OwnerType == ownerType && d.Status != DocumentStatus.Superseded)
                .ToListAsync(cancellationToken));
        }

        var byOwner = documents.ToLookup(d => d.OwnerId);
        foreach (var id in ownerIds)
        {
            results[id] = ComplianceRules.Evaluate(ownerType, byOwner[id], today);
        }

        return results;
    }

    public async Task<ComplianceResult> EvaluateAsync(string ownerType, Guid ownerId, CancellationToken cancellationToken) =>
        (await EvaluateAsync(ownerType, [ownerId], cancellationToken))[ownerId];
}
