using Platform.Web;

namespace Nots.Bookings.Domain;

/// <summary>How a booking reached us; part of the statutory record.</summary>
internal static class BookingChannel
{
    public const string Online = "online";
    public const string Phone = "phone";
}

/// <summary>What the booking holds about the journey and its price when it is created or amended.</summary>
internal sealed record JourneyTerms(
    Guid QuoteId,
    string TariffVersion,
    string JourneyJson,
    string PickupName,
    string DropoffName,
    DateTimeOffset PickupAt,
    int Passengers,
    int TotalPence,
    string Currency,
    string PriceLinesJson,
    decimal DistanceMiles = 0,
    int DurationMinutes = 0,
    double? PickupLat = null,
    double? PickupLng = null,
    double? DropoffLat = null,
    double? DropoffLng = null);

/// <summary>The lead passenger (the hirer in the statutory record).</summary>
internal sealed record LeadPassenger(string Name, string Email, string Phone);

/// <summary>
/// A transfer booking: the status machine, money received and returned, the history shown to its owner, and the
/// private-hire record fields a licensing officer may ask for (kept even after the customer is erased).
/// </summary>
internal sealed partial class Booking
{
    private readonly List<BookingHistoryEntry> _history = [];

    private Booking()
    {
    }

    public Guid Id { get; private set; }

    public string Reference { get; private set; } = "";

    public BookingStatus Status { get; private set; }

    /// <summary>Optimistic concurrency token: every change bumps it, a stale save fails.</summary>
    public int Version { get; private set; }

    // Statutory record: when and how booked, who took it.
    public DateTimeOffset BookedAt { get; private set; }

    public string Channel { get; private set; } = BookingChannel.Online;

    public string? TakenBy { get; private set; }

    public string? CustomerId { get; private set; }

    public string VehicleClass { get; private set; } = "";

    public Guid QuoteId { get; private set; }

    public string TariffVersion { get; private set; } = "";

    /// <summary>The journey as priced (Contracts <c>JourneyInput</c> as JSON), re-priced on amendment.</summary>
    public string JourneyJson { get; private set; } = "{}";

    public string PickupName { get; private set; } = "";

    public string DropoffName { get; private set; } = "";

    public DateTimeOffset PickupAt { get; private set; }

    public int Passengers { get; private set; }

    /// <summary>The agreed fare, locked from the quote (or the re-price of an amendment).</summary>
    public int TotalPence { get; private set; }

    public string Currency { get; private set; } = "GBP";

    public string PriceLinesJson { get; private set; } = "[]";

    // What dispatch needs from the priced route (0 / null for bookings made before it was kept).
    public decimal DistanceMiles { get; private set; }

    public int DurationMinutes { get; private set; }

    public double? PickupLat { get; private set; }

    public double? PickupLng { get; private set; }

    public double? DropoffLat { get; private set; }

    public double? DropoffLng { get; private set; }

    public int PaidPence { get; private set; }

    public int RefundedPence { get; private set; }

    public int CancellationFeePence { get; private set; }

    public string PassengerName { get; private set; } = "";

    public string PassengerEmail { get; private set; } = "";

    public string PassengerPhone { get; private set; } = "";

    /// <summary>Remarks for the driver (statutory "remarks").</summary>
    public string? Notes { get; private set; }

    public string? FlightNumber { get; private set; }

    public DateTimeOffset? ConfirmedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    // Statutory record fields that come with dispatch.
    public string? DriverName { get; private set; }

    public string? DriverBadge { get; private set; }

    public string? VehicleRegistration { get; private set; }

    public string? VehiclePlate { get; private set; }

    public string? DispatchedBy { get; private set; }

    /// <summary>What the customer is told in later messages (first name only).</summary>
    public string? DriverFirstName { get; private set; }

    /// <summary>Colour, make and model of the allocated vehicle, "colour|make|model".</summary>
    public string? VehicleDescription { get; private set; }

    public DateTimeOffset? AllocatedAt { get; private set; }

    public DateTimeOffset? PseudonymisedAt { get; private set; }

    public IReadOnlyList<BookingHistoryEntry> History => _history;

    /// <summary>Paid and not returned.</summary>
    public int NetPaidPence => PaidPence - RefundedPence;

    /// <summary>What is still owed for the agreed fare (never negative).</summary>
    public int BalanceDuePence => Status is BookingStatus.Cancelled or BookingStatus.NoShow or BookingStatus.Completed
        ? 0
        : Math.Max(0, TotalPence - NetPaidPence);

    public static Booking Create(
        string reference, string vehicleClass, JourneyTerms terms, LeadPassenger passenger, string? notes, string? flightNumber,
        string channel, string? customerId, string? takenBy, DateTimeOffset now)
    {
        if (terms.PickupAt <= now)
        {
            throw BookingErrors.PickupInPast();
        }

        var booking = new Booking
        {
            Id = Guid.CreateVersion7(now),
            Reference = reference,
            Status = BookingStatus.PendingPayment,
            BookedAt = now,
            Channel = channel,
            TakenBy = takenBy,
            CustomerId = customerId,
            VehicleClass = vehicleClass,
            PassengerName = passenger.Name,
            PassengerEmail = passenger.Email,
            PassengerPhone = passenger.Phone,
            Notes = notes,
            FlightNumber = flightNumber,
        };
        booking.ApplyTerms(terms);
        booking.Record(now, HistoryKind.Created, null, BookingStatus.PendingPayment,
            channel == BookingChannel.Phone ? $"Booked by phone, taken by {takenBy}" : "Booked online", terms.TotalPence);
        return booking;
    }

    /// <summary>A new reference after a collision with an existing one (before the first save only).</summary>
    public void ChangeReference(string reference) => Reference = reference;

    public void Confirm(DateTimeOffset now)
    {
        if (Status is not (BookingStatus.PendingPayment or BookingStatus.PaymentFailed))
        {
            throw BookingErrors.InvalidTransition(Status, BookingStatus.Confirmed);
        }

        Move(BookingStatus.Confirmed, now, "Payment received");
        ConfirmedAt = now;
    }

    public void MarkPaymentFailed(string? reason, DateTimeOffset now) =>
        Move(BookingStatus.PaymentFailed, now, reason is null ? "Payment failed" : "Payment failed: " + reason);

    public void Assign(
        string driverName, string driverBadge, string vehicleRegistration, string vehiclePlate, string dispatchedBy, DateTimeOffset now,
        string? driverFirstName = null, string? vehicleDescription = null)
    {
        Move(BookingStatus.Assigned, now, $"Driver {driverName} ({driverBadge}), vehicle {vehicleRegistration} ({vehiclePlate}), dispatched by {dispatchedBy}");
        DriverName = driverName;
        DriverBadge = driverBadge;
        VehicleRegistration = vehicleRegistration;
        VehiclePlate = vehiclePlate;
        DispatchedBy = dispatchedBy;
        AllocatedAt = now;
        DriverFirstName = driverFirstName;
        VehicleDescription = vehicleDescription;
    }

    /// <summary>
    /// A dispatcher took the job back from the driver before they set off: the booking waits for another allocation.
    /// The released allocation stays in the history.
    /// </summary>
    public void Release(DateTimeOffset now, string? reason)
    {
        if (Status != BookingStatus.Assigned)
        {
            throw BookingErrors.InvalidTransition(Status, BookingStatus.Confirmed);
        }

        Move(BookingStatus.Confirmed, now, $"Driver {DriverName} released" + (reason is null ? "" : ": " + reason));
    }

    public void StartEnRoute(DateTimeOffset now) => Move(BookingStatus.DriverEnRoute, now, null);

    public void Arrive(DateTimeOffset now) => Move(BookingStatus.Arrived, now, null);

    public void Board(DateTimeOffset now) => Move(BookingStatus.PassengerOnBoard, now, null);

    public void Complete(DateTimeOffset now)
    {
        Move(BookingStatus.Completed, now, null);
        CompletedAt = now;
    }

    public void MarkNoShow(string? evidence, DateTimeOffset now) => Move(BookingStatus.NoShow, now, evidence);

    /// <summary>Money captured by the payment provider for this booking.</summary>
    public void RecordPayment(int amountPence, string detail, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountPence);
        PaidPence += amountPence;
        Record(now, HistoryKind.Payment, null, null, detail, amountPence);
    }

    /// <summary>Something about a payment a person must look at (amount mismatch, payment after cancellation).</summary>
    public void Flag(string flag, string detail, int? amountPence, DateTimeOffset now) =>
        Record(now, HistoryKind.Flag, null, null, flag + ": " + detail, amountPence);

    public void Note(HistoryKind kind, string detail, int? amountPence, DateTimeOffset now) => Record(now, kind, null, null, detail, amountPence);

    /// <summary>Money we are returning: counted when the refund is committed to, so it can never be given twice.</summary>
    public void RecordRefund(int amountPence, string detail, DateTimeOffset now)
    {
        if (amountPence <= 0 || amountPence > NetPaidPence)
        {
            throw new DomainException("refund_exceeds_paid", $"Cannot refund {amountPence}p of {NetPaidPence}p paid.", DomainErrorKind.Conflict);
        }

        RefundedPence += amountPence;
        Record(now, HistoryKind.Refund, null, null, detail, amountPence);
    }

    public bool IsAmendable => Status is BookingStatus.PendingPayment or BookingStatus.PaymentFailed or BookingStatus.Confirmed;

    /// <summary>True while the status and the cut-off still allow an amendment (what <see cref="EnsureAmendable"/> checks).</summary>
    public bool CanAmend(DateTimeOffset now, TimeSpan cutoff) => IsAmendable && now <= PickupAt - cutoff;

    /// <summary>Checks the status and the cut-off; call before re-pricing.</summary>
    public void EnsureAmendable(DateTimeOffset now, TimeSpan cutoff)
    {
        if (!IsAmendable)
        {
            throw BookingErrors.NotAmendable(Status);
        }

        if (now > PickupAt - cutoff)
        {
            throw BookingErrors.AmendCutoffPassed((int)cutoff.TotalHours);
        }
    }

    /// <summary>
    /// Applies an amendment. Returns the change of price: positive needs a further payment, negative is refunded
    /// (when the booking has been paid for).
    /// </summary>
    public int Amend(JourneyTerms? terms, LeadPassenger? passenger, string? notes, string? flightNumber, string summary, DateTimeOffset now, TimeSpan cutoff)
    {
        EnsureAmendable(now, cutoff);
        var before = TotalPence;
        if (terms is not null)
        {
            if (terms.PickupAt <= now)
            {
                throw BookingErrors.PickupInPast();
            }

            ApplyTerms(terms);
        }

        if (passenger is not null)
        {
            PassengerName = passenger.Name;
            PassengerEmail = passenger.Email;
            PassengerPhone = passenger.Phone;
        }

        Notes = notes ?? Notes;
        FlightNumber = flightNumber ?? FlightNumber;
        var delta = TotalPence - before;
        Record(now, HistoryKind.Amendment, null, null, summary, delta == 0 ? null : delta);
        return delta;
    }

    /// <summary>
    /// Cancels with the fee the policy sets for the notice given. The fee is kept from what was paid; the rest is
    /// to be refunded (the caller records the refunds). Nothing paid means nothing kept and nothing refunded.
    /// </summary>
    public CancellationOutcome Cancel(CancellationFeePolicy policy, string? by, DateTimeOffset now)
    {
        var (previous, kept, refund) = PreviewCancellation(policy, now);
        Move(BookingStatus.Cancelled, now, by is null ? $"Cancelled; fee {kept}p, refund {refund}p" : $"Cancelled by {by}; fee {kept}p, refund {refund}p");
        CancelledAt = now;
        CancellationFeePence = kept;
        return new CancellationOutcome(previous, kept, refund);
    }

    /// <summary>True while the status allows a cancellation.</summary>
    public bool IsCancellable => BookingTransitions.CanMove(Status, BookingStatus.Cancelled);

    /// <summary>What <see cref="Cancel"/> would keep and refund at <paramref name="now"/> (shown before the customer confirms).</summary>
    public CancellationOutcome PreviewCancellation(CancellationFeePolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var fee = policy.FeeFor(TotalPence, PickupAt - now);
        var kept = Math.Min(fee, Math.Max(0, NetPaidPence));
        return new CancellationOutcome(Status, kept, Math.Max(0, NetPaidPence - kept));
    }

    private void ApplyTerms(JourneyTerms terms)
    {
        QuoteId = terms.QuoteId;
        TariffVersion = terms.TariffVersion;
        JourneyJson = terms.JourneyJson;
        PickupName = terms.PickupName;
        DropoffName = terms.DropoffName;
        PickupAt = terms.PickupAt;
        Passengers = terms.Passengers;
        TotalPence = terms.TotalPence;
        Currency = terms.Currency;
        PriceLinesJson = terms.PriceLinesJson;
        DistanceMiles = terms.DistanceMiles;
        DurationMinutes = terms.DurationMinutes;
        PickupLat = terms.PickupLat;
        PickupLng = terms.PickupLng;
        DropoffLat = terms.DropoffLat;
        DropoffLng = terms.DropoffLng;
    }

    private void Move(BookingStatus to, DateTimeOffset now, string? detail)
    {
        if (!BookingTransitions.CanMove(Status, to))
        {
            throw BookingErrors.InvalidTransition(Status, to);
        }

        var from = Status;
        Status = to;
        Record(now, HistoryKind.Status, from, to, detail, null);
    }

    private void Record(DateTimeOffset now, HistoryKind kind, BookingStatus? from, BookingStatus? to, string? detail, int? amountPence)
    {
        // Every recorded change bumps the version once, so the version doubles as the history sequence and a
        // booking can be changed without loading its history.
        Version++;
        _history.Add(new BookingHistoryEntry(Id, Version, now, kind, from, to, detail, amountPence));
    }
}

/// <summary>What a cancellation kept and gives back.</summary>
internal sealed record CancellationOutcome(BookingStatus PreviousStatus, int FeePence, int RefundPence);
