namespace Nots.Fleet.Domain.Rules;

/// <summary>Whether a driver or vehicle is compliant on a day, and why not.</summary>
internal sealed record ComplianceResult(bool Compliant, IReadOnlyList<string> Issues)
{
    public static readonly ComplianceResult Unknown = new(false, ["no documents"]);
}

/// <summary>
/// Every required document type needs a verified document that still counts today (see
/// <see cref="ComplianceDocument.EffectiveExpiresOn"/>). The one that counts is the verified document that lasts longest;
/// superseded documents never count. Issues read like <c>mot expired on 2027-05-01</c>, <c>dbs missing</c>,
/// <c>medical awaiting verification</c>, <c>insurance rejected: unreadable scan</c>.
/// </summary>
internal static class ComplianceRules
{
    public static ComplianceResult Evaluate(string ownerType, IEnumerable<ComplianceDocument> documents, DateOnly today)
    {
        var byType = documents.Where(d => d.OwnerType == ownerType && d.Status != DocumentStatus.Superseded)
            .GroupBy(d => d.DocumentType)
            .ToDictionary(g => g.Key, g => g.ToList());
        var issues = new List<string>();
        foreach (var type in DocumentTypes.RequiredFor(ownerType))
        {
            if (Issue(type, byType.GetValueOrDefault(type) ?? [], today) is { } issue)
            {
                issues.Add(issue);
            }
        }

        return new ComplianceResult(issues.Count == 0, issues);
    }

    private static string? Issue(string type, List<ComplianceDocument> documents, DateOnly today)
    {
        var current = documents.Where(d => d.Status == DocumentStatus.Verified)
            .OrderByDescending(d => d.EffectiveExpiresOn).FirstOrDefault();
        var pending = documents.Any(d => d.Status == DocumentStatus.Pending && !d.IsExpiredOn(today));
        if (current is not null && !current.IsExpiredOn(today))
        {
            return null;
        }

        if (current is not null)
        {
            var recheck = current.EffectiveExpiresOn < current.ExpiresOn ? " (6-month DBS re-check)" : "";
            return $"{type} expired on {ComplianceDocument.Format(current.EffectiveExpiresOn)}{recheck}{(pending ? "; a new one awaits verification" : "")}";
        }

        if (pending)
        {
            return $"{type} awaiting verification";
        }

        var rejected = documents.Where(d => d.Status == DocumentStatus.Rejected).MaxBy(d => d.ReviewedAt);
        return rejected is not null ? $"{type} rejected: {rejected.RejectionReason}" : $"{type} missing";
    }
}
