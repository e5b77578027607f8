using Platform.Messaging;

namespace Nots.Contracts.Bookings;

/// <summary>
/// A booking's personal data was erased (GDPR request or end of retention), so copies elsewhere follow. Carries no
/// personal data itself.
/// </summary>
/// <param name="BookingId">The booking's id.</param>
/// <param name="Reference">Human-friendly reference.</param>
/// <param name="HirerErased">
/// True when the statutory record's retention has ended and the hirer's name is gone too; false when only contact
/// details went and the hirer's name stays in the record until <paramref name="RetainedUntil"/>.
/// </param>
/// <param name="RetainedUntil">When the statutory record's retention ends (UTC).</param>
/// <param name="ErasedAt">When (UTC).</param>
[IntegrationEventName("nots.booking-personal-data-erased.v1")]
public sealed record BookingPersonalDataErasedIntegrationEvent(
    Guid BookingId,
    string Reference,
    bool HirerErased,
    DateTimeOffset RetainedUntil,
    DateTimeOffset ErasedAt) : IIntegrationEvent;
