using System.Text.Json.Nodes;
using Platform.Privacy;

namespace Nots.Bookings.Domain;

/// <summary>What an erasure did to a booking.</summary>
internal enum ErasureEffect
{
    /// <summary>Nothing left to erase.</summary>
    None,

    /// <summary>Contact details gone; the hirer's name stays in the statutory record until retention ends.</summary>
    ContactDetails,

    /// <summary>Retention over: the hirer's name is gone too.</summary>
    Everything,
}

/// <summary>
/// GDPR erasure of a booking. The private-hire record (LG(MP)A 1976 s.56, council conditions: hirer's name, pickup time
/// and place, destination, fare, driver, vehicle, who took and dispatched it) must be kept for
/// <c>Bookings:Retention:RecordMonths</c> (24) after the journey; everything else personal goes at once.
/// </summary>
internal sealed partial class Booking
{
    /// <summary>When the contact details (e-mail, phone, notes, flight, owner) were erased; the hirer's name may remain.</summary>
    public DateTimeOffset? ContactErasedAt { get; private set; }

    /// <summary>When the statutory record may go: <paramref name="retentionMonths"/> calendar months after the pickup.</summary>
    public DateTimeOffset RetainedUntil(int retentionMonths) => PickupAt.AddMonths(retentionMonths);

    /// <summary>
    /// Erases what the law lets us erase now: everything once the record's retention has ended, otherwise the contact
    /// details only. Idempotent: a second call changes nothing and returns <see cref="ErasureEffect.None"/>.
    /// </summary>
    public ErasureEffect ErasePersonalData(DateTimeOffset now, int retentionMonths)
    {
        if (now >= RetainedUntil(retentionMonths))
        {
            return Pseudonymise(now) ? ErasureEffect.Everything : ErasureEffect.None;
        }

        if (ContactErasedAt is not null)
        {
            return ErasureEffect.None;
        }

        ScrubContactDetails(now);
        Record(now, HistoryKind.Erasure, null, null,
            $"Contact details erased at the customer's request; hirer's name kept for the statutory record until {RetainedUntil(retentionMonths):yyyy-MM-dd}", null);
        return ErasureEffect.ContactDetails;
    }

    /// <summary>
    /// End of retention (or erasure after it): the hirer's name goes too. Times, places, fare, channel, driver and
    /// vehicle remain, and with them the money records accounting keeps for six years. Returns false when already done.
    /// </summary>
    public bool Pseudonymise(DateTimeOffset now)
    {
        if (PseudonymisedAt is not null)
        {
            return false;
        }

        ScrubContactDetails(now);
        PassengerName = "Erased hirer " + Reference;
        PseudonymisedAt = now;
        Record(now, HistoryKind.Erasure, null, null, "Personal data pseudonymised; statutory record retention ended", null);
        return true;
    }

    private void ScrubContactDetails(DateTimeOffset now)
    {
        PassengerEmail = Erased.Email;
        PassengerPhone = Erased.Text;
        Notes = null;
        FlightNumber = null;
        CustomerId = null;
        JourneyJson = WithoutFlightNumber(JourneyJson);
        ContactErasedAt ??= now;
    }

    private static string WithoutFlightNumber(string journeyJson)
    {
        try
        {
            if (JsonNode.Parse(journeyJson) is JsonObject journey)
            {
                journey.Remove("flightNumber");
                journey.Remove(nameof(FlightNumber));
                return journey.ToJsonString();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not ours to repair; the journey stays as it was.
        }

        return journeyJson;
    }
}
