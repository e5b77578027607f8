using Platform.Messaging;

namespace Nots.Contracts.Pricing;

/// <summary>The owner published a new tariff version; it is current from now on.</summary>
/// <param name="Version">The new version number (2, 3…).</param>
/// <param name="PreviousVersion">The version it replaced.</param>
/// <param name="ChangedFields">The top-level tariff fields that differ from the previous version, camelCase as in the API.</param>
/// <param name="BeforeJson">Those fields in the previous version, as a JSON object.</param>
/// <param name="AfterJson">Those fields in the new version, as a JSON object.</param>
/// <param name="ActorUserId">The owner who published it ("sub").</param>
/// <param name="OccurredAt">When (UTC).</param>
[IntegrationEventName("nots.tariff-published.v1")]
public sealed record TariffPublishedIntegrationEvent(
    int Version,
    int PreviousVersion,
    IReadOnlyList<string> ChangedFields,
    string BeforeJson,
    string AfterJson,
    Guid? ActorUserId,
    DateTimeOffset OccurredAt) : IIntegrationEvent;
