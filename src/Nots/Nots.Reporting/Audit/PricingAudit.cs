using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Pricing;

namespace Nots.Reporting.Audit;

/// <summary>The pricing module's staff actions in the audit log: the owner publishing a tariff version.</summary>
internal static class PricingAudit
{
    public static IServiceCollection AddPricingAudit(this IServiceCollection services) => services
        .AddAudited<TariffPublishedIntegrationEvent>(e => new(e.ActorUserId, e.OccurredAt, "tariff", e.Version.ToString(CultureInfo.InvariantCulture),
            $"Tariff version {e.Version} published (replaces version {e.PreviousVersion})"
            + (e.ChangedFields.Count == 0 ? ": no changes" : $": {string.Join(", ", e.ChangedFields)} changed"),
            e.BeforeJson, e.AfterJson));
}
