using Nots.Bookings.Domain;
using Platform.Notifications;
using Platform.Web;

namespace Nots.Tests.Bookings;

public sealed class BookingDomainTests
{
    private static readonly DateTimeOffset Now = new(2027, 5, 3, 9, 0, 0, TimeSpan.Zero);

    // The state machine, written out independently of the production table.
    private static readonly HashSet<(BookingStatus From, BookingStatus To)> Allowed =
    [
        (BookingStatus.PendingPayment, BookingStatus.Confirmed),
        (BookingStatus.PendingPayment, BookingStatus.PaymentFailed),
        (BookingStatus.PendingPayment, BookingStatus.Cancelled),
        (BookingStatus.PaymentFailed, BookingStatus.Confirmed),
        (BookingStatus.PaymentFailed, BookingStatus.Cancelled),
        (BookingStatus.Confirmed, BookingStatus.Assigned),
        (BookingStatus.Confirmed, BookingStatus.Cancelled),
        (BookingStatus.Assigned, BookingStatus.DriverEnRoute),
        (BookingStatus.Assigned, BookingStatus.Cancelled),
        (BookingStatus.Assigned, BookingStatus.Confirmed),
        (BookingStatus.DriverEnRoute, BookingStatus.Arrived),
        (BookingStatus.DriverEnRoute, BookingStatus.Cancelled),
        (BookingStatus.Arrived, BookingStatus.PassengerOnBoard),
        (BookingStatus.Arrived, BookingStatus.NoShow),
        (BookingStatus.PassengerOnBoard, BookingStatus.Completed),
    ];

    public static TheoryData<string, string> EveryPair()
    {
        var data = new TheoryData<string, string>();
        foreach (var from in Enum.GetValues<BookingStatus>())
        {
            foreach (var to in Enum.GetValues<BookingStatus>().Where(s => s != BookingStatus.PendingPayment))
            {
                data.Add(from.ToString(), to.ToString());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_transition_is_allowed_or_refused_with_409_as_the_state_machine_says(string fromStatus, string toStatus)
    {
        var from = Enum.Parse<BookingStatus>(fromStatus);
        var to = Enum.Parse<BookingStatus>(toStatus);
        var booking = In(from);
        var version = booking.Version;
        var act = () => MoveTo(booking, to);

        if (Allowed.Contains((from, to)))
        {
            act();
            booking.Status.ShouldBe(to);
            booking.Version.ShouldBe(version + 1);
            var last = booking.History[^1];
            (last.Kind, last.FromStatus, last.ToStatus).ShouldBe((HistoryKind.Status, from, to));
        }
        else
        {
            var error = Should.Throw<DomainException>(act);
            error.Kind.ShouldBe(DomainErrorKind.Conflict);
            error.Code.ShouldBe("invalid_status_transition");
            booking.Status.ShouldBe(from);
            booking.Version.ShouldBe(version);
        }
    }

    [Fact]
    public void A_new_booking_waits_for_payment_with_the_quoted_price_locked_and_the_statutory_record_filled()
    {
        var booking = NewBooking(channel: BookingChannel.Phone, takenBy: "dispatcher@nots.test");

        booking.Status.ShouldBe(BookingStatus.PendingPayment);
        booking.Reference.ShouldStartWith("NT-");
        booking.TotalPence.ShouldBe(10000);
        booking.BookedAt.ShouldBe(Now);
        booking.Channel.ShouldBe("phone");
        booking.TakenBy.ShouldBe("dispatcher@nots.test");
        booking.PassengerName.ShouldBe("Ann Hirer");
        booking.PickupName.ShouldBe("Poole");
        booking.DropoffName.ShouldBe("Heathrow T5");
        booking.Notes.ShouldBe("Two large cases");
        booking.BalanceDuePence.ShouldBe(10000);
    }

    [Fact]
    public void A_booking_cannot_be_made_for_a_pickup_that_has_passed()
    {
        Should.Throw<DomainException>(() => NewBooking(pickupIn: TimeSpan.FromMinutes(-1))).Code.ShouldBe("pickup_in_past");
    }

    [Fact]
    public void Dispatch_fills_the_driver_vehicle_and_dispatcher_of_the_record()
    {
        var booking = In(BookingStatus.Assigned);

        booking.DriverName.ShouldBe("Dan Driver");
        booking.DriverBadge.ShouldBe("PH123");
        booking.VehicleRegistration.ShouldBe("AB12 CDE");
        booking.VehiclePlate.ShouldBe("PL-42");
        booking.DispatchedBy.ShouldBe("dispatcher@nots.test");
        booking.AllocatedAt.ShouldBe(Now);
    }

    [Theory]
    [InlineData(25, 0)]
    [InlineData(24.01, 0)]
    [InlineData(24, 50)]
    [InlineData(10, 50)]
    [InlineData(2.01, 50)]
    [InlineData(2, 100)]
    [InlineData(0.5, 100)]
    [InlineData(-1, 100)]
    public void The_default_fee_is_free_over_24h_half_over_2h_else_everything(double hoursNotice, int percent)
    {
        new CancellationFeePolicy().PercentFor(TimeSpan.FromHours(hoursNotice)).ShouldBe(percent);
    }

    [Fact]
    public void Configured_tiers_replace_the_default()
    {
        var policy = new CancellationFeePolicy([new(TimeSpan.FromHours(48), 0), new(TimeSpan.FromHours(12), 30), new(TimeSpan.FromHours(1), 75)]);

        policy.FeeFor(10001, TimeSpan.FromHours(49)).ShouldBe(0);
        policy.FeeFor(10001, TimeSpan.FromHours(13)).ShouldBe(3000);
        policy.FeeFor(10001, TimeSpan.FromHours(2)).ShouldBe(7501);
        policy.FeeFor(10001, TimeSpan.FromMinutes(30)).ShouldBe(10001);
    }

    [Fact]
    public void Cancelling_a_paid_booking_keeps_the_fee_and_refunds_the_rest()
    {
        var booking = NewBooking(pickupIn: TimeSpan.FromHours(10));
        var payment = Paid(booking);

        var outcome = booking.Cancel(new CancellationFeePolicy(), null, Now);
        var refunds = Refund.Plan(booking, [payment], outcome.RefundPence, "Cancellation", Now);

        (outcome.FeePence, outcome.RefundPence).ShouldBe((5000, 5000));
        booking.CancellationFeePence.ShouldBe(5000);
        booking.RefundedPence.ShouldBe(5000);
        refunds.ShouldHaveSingleItem().AmountPence.ShouldBe(5000);
        payment.RefundedPence.ShouldBe(5000);
    }

    [Fact]
    public void Cancelling_an_unpaid_booking_keeps_nothing_and_refunds_nothing()
    {
        var booking = NewBooking(pickupIn: TimeSpan.FromHours(1));

        var outcome = booking.Cancel(new CancellationFeePolicy(), null, Now);

        (outcome.FeePence, outcome.RefundPence).ShouldBe((0, 0));
        booking.Status.ShouldBe(BookingStatus.Cancelled);
    }

    [Fact]
    public void A_refund_is_split_over_payments_newest_first_and_never_exceeds_what_was_paid()
    {
        var booking = NewBooking();
        var first = Paid(booking);
        var amendment = Payment.Start(booking, 3000, PaymentPurpose.Amendment, "Sandbox", Now);
        amendment.MarkPaid("pi_second", Now.AddMinutes(5));
        booking.RecordPayment(3000, "amendment", Now);

        var refunds = Refund.Plan(booking, [first, amendment], 4000, "Price decrease", Now);

        refunds.Select(r => (r.PaymentIntentId, r.AmountPence)).ShouldBe([("pi_second", 3000), ("pi_first", 1000)]);
        Should.Throw<DomainException>(() => Refund.Plan(booking, [first, amendment], 9001, "Too much", Now)).Code.ShouldBe("refund_exceeds_paid");
    }

    [Fact]
    public void Amending_before_the_cutoff_reprices_and_after_it_is_refused()
    {
        var booking = NewBooking(pickupIn: TimeSpan.FromHours(30));
        booking.Confirm(Now);

        var delta = booking.Amend(Terms(pickupIn: TimeSpan.FromHours(40), total: 12500), null, "Ring on arrival", null, "Amended: time", Now, TimeSpan.FromHours(12));

        delta.ShouldBe(2500);
        booking.TotalPence.ShouldBe(12500);
        booking.Notes.ShouldBe("Ring on arrival");
        booking.History[^1].Kind.ShouldBe(HistoryKind.Amendment);
        Should.Throw<DomainException>(() => booking.Amend(null, null, "late", null, "Amended: notes", Now.AddHours(29), TimeSpan.FromHours(12)))
            .Code.ShouldBe("amend_cutoff_passed");
    }

    [Fact]
    public void Only_bookings_not_yet_dispatched_can_be_amended()
    {
        var booking = In(BookingStatus.Assigned);

        var error = Should.Throw<DomainException>(() => booking.Amend(null, null, "x", null, "Amended: notes", Now, TimeSpan.Zero));

        (error.Code, error.Kind).ShouldBe(("booking_not_amendable", DomainErrorKind.Conflict));
    }

    [Fact]
    public void Erasure_pseudonymises_the_hirer_but_keeps_the_statutory_record()
    {
        var booking = In(BookingStatus.Completed);

        booking.Pseudonymise(Now.AddMonths(3));

        booking.PassengerName.ShouldBe("Erased hirer " + booking.Reference);
        booking.PassengerEmail.ShouldNotContain("ann");
        booking.PassengerPhone.ShouldBeEmpty();
        booking.CustomerId.ShouldBeNull();
        booking.BookedAt.ShouldBe(Now);
        booking.Channel.ShouldBe("online");
        booking.PickupAt.ShouldBe(Now.AddHours(30));
        booking.PickupName.ShouldBe("Poole");
        booking.DropoffName.ShouldBe("Heathrow T5");
        booking.TotalPence.ShouldBe(10000);
        booking.Notes.ShouldBeNull("remarks the customer typed are personal data, not the operator's record");
        booking.DriverName.ShouldBe("Dan Driver");
        booking.VehicleRegistration.ShouldBe("AB12 CDE");
        booking.DispatchedBy.ShouldBe("dispatcher@nots.test");
        booking.PseudonymisedAt.ShouldBe(Now.AddMonths(3));
        booking.Pseudonymise(Now.AddMonths(4)).ShouldBeFalse("a second run changes nothing");
    }

    [Fact]
    public void Erasure_within_retention_keeps_the_hirers_name_and_after_it_removes_it()
    {
        var booking = In(BookingStatus.Completed);

        booking.ErasePersonalData(Now.AddMonths(3), 24).ShouldBe(ErasureEffect.ContactDetails);
        booking.PassengerName.ShouldNotStartWith("Erased");
        booking.PassengerPhone.ShouldBeEmpty();
        booking.Notes.ShouldBeNull();
        booking.PseudonymisedAt.ShouldBeNull();
        booking.ErasePersonalData(Now.AddMonths(4), 24).ShouldBe(ErasureEffect.None);

        booking.ErasePersonalData(Now.AddMonths(25), 24).ShouldBe(ErasureEffect.Everything);
        booking.PassengerName.ShouldBe("Erased hirer " + booking.Reference);
        booking.PickupName.ShouldBe("Poole");
        booking.DriverName.ShouldBe("Dan Driver");
    }

    [Fact]
    public void A_payment_completes_once_and_a_late_failure_does_not_undo_it()
    {
        var booking = NewBooking();
        var payment = Payment.Start(booking, 10000, PaymentPurpose.Booking, "Sandbox", Now);

        payment.MarkFailed("pi_1", "card_declined").ShouldBeTrue();
        payment.MarkPaid("pi_1", Now).ShouldBeTrue();
        payment.MarkPaid("pi_1", Now).ShouldBeFalse();
        payment.MarkFailed("pi_1", "card_declined").ShouldBeFalse();
        payment.Status.ShouldBe(PaymentStatus.Paid);
        payment.RecordProviderRefund(500, "pi_1").ShouldBeTrue();
        payment.RecordProviderRefund(500, "pi_1").ShouldBeFalse();
    }

    [Theory]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("07700900123", "+447700900123")]
    [InlineData("+44 7700 900123", "+447700900123")]
    [InlineData("+44 (0)7700 900123", "+447700900123")]
    [InlineData("0044 7700 900123", "+447700900123")]
    [InlineData("01202 123456", "+441202123456")]
    [InlineData("020 7946 0000", "+442079460000")]
    [InlineData("+1 415 555 2671", "+14155552671")]
    [InlineData("+33 1 23 45 67 89", "+33123456789")]
    [InlineData("0033 1 23 45 67 89", "+33123456789")]
    public void Uk_and_international_phone_numbers_are_accepted_as_E164(string input, string expected)
    {
        PhoneNumber.TryNormalise(input, out var e164).ShouldBeTrue();
        e164.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("7700 900123")]
    [InlineData("07700 90012")]
    [InlineData("07700 9001234")]
    [InlineData("09700 900123")]
    [InlineData("+44 0 7700 900123 1")]
    [InlineData("call me")]
    [InlineData("+1 23")]
    [InlineData("07700+900123")]
    public void Malformed_phone_numbers_are_refused(string input)
    {
        PhoneNumber.TryNormalise(input, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("ann@example.com", true)]
    [InlineData("ann.o'neil+tag@mail.example.co.uk", true)]
    [InlineData("ann@localhost", false)]
    [InlineData("Ann <ann@example.com>", false)]
    [InlineData("ann@@example.com", false)]
    [InlineData("ann", false)]
    public void Email_addresses_are_single_addresses_with_a_dotted_domain(string input, bool valid)
    {
        EmailAddress.TryNormalise(input, out _).ShouldBe(valid);
    }

    [Theory]
    [InlineData("BA123", "BA123")]
    [InlineData("ba 123", "BA123")]
    [InlineData("U2 8012", "U28012")]
    [InlineData("EZY8012", "EZY8012")]
    [InlineData("BA123A", "BA123A")]
    public void Flight_numbers_are_normalised(string input, string expected)
    {
        FlightNumber.TryNormalise(input, out var flight).ShouldBeTrue();
        flight.ShouldBe(expected);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("B")]
    [InlineData("BA12345")]
    [InlineData("ABCD12")]
    public void Malformed_flight_numbers_are_refused(string input)
    {
        FlightNumber.TryNormalise(input, out _).ShouldBeFalse();
    }

    [Fact]
    public void References_are_NT_and_six_unambiguous_characters()
    {
        for (var i = 0; i < 500; i++)
        {
            var reference = BookingReference.New();
            BookingReference.IsWellFormed(reference).ShouldBeTrue(reference);
            reference[3..].ShouldNotContain('0');
            reference[3..].ShouldNotContain('O');
            reference[3..].ShouldNotContain('1');
            reference[3..].ShouldNotContain('I');
            reference[3..].ShouldNotContain('L');
        }
    }

    internal static Booking NewBooking(TimeSpan? pickupIn = null, string channel = BookingChannel.Online, string? takenBy = null) =>
        Booking.Create(BookingReference.New(), "saloon", Terms(pickupIn ?? TimeSpan.FromHours(30), 10000),
            new LeadPassenger("Ann Hirer", "ann@example.com", "+447700900123"), "Two large cases", "BA123",
            channel, channel == BookingChannel.Online ? "customer-1" : null, takenBy, Now);

    private static JourneyTerms Terms(TimeSpan pickupIn, int total) =>
        new(Guid.NewGuid(), "t1", "{}", "Poole", "Heathrow T5", Now + pickupIn, 2, total, "GBP", "[]");

    private static Payment Paid(Booking booking)
    {
        var payment = Payment.Start(booking, booking.TotalPence, PaymentPurpose.Booking, "Sandbox", Now);
        payment.MarkPaid("pi_first", Now);
        booking.RecordPayment(booking.TotalPence, "card", Now);
        return payment;
    }

    private static Booking In(BookingStatus status)
    {
        var booking = NewBooking();
        BookingStatus[] path = status switch
        {
            BookingStatus.PendingPayment => [],
            BookingStatus.PaymentFailed => [BookingStatus.PaymentFailed],
            BookingStatus.Cancelled => [BookingStatus.Cancelled],
            BookingStatus.Confirmed => [BookingStatus.Confirmed],
            BookingStatus.Assigned => [BookingStatus.Confirmed, BookingStatus.Assigned],
            BookingStatus.DriverEnRoute => [BookingStatus.Confirmed, BookingStatus.Assigned, BookingStatus.DriverEnRoute],
            BookingStatus.Arrived => [BookingStatus.Confirmed, BookingStatus.Assigned, BookingStatus.DriverEnRoute, BookingStatus.Arrived],
            BookingStatus.PassengerOnBoard => [BookingStatus.Confirmed, BookingStatus.Assigned, BookingStatus.DriverEnRoute, BookingStatus.Arrived, BookingStatus.PassengerOnBoard],
            BookingStatus.Completed => [BookingStatus.Confirmed, BookingStatus.Assigned, BookingStatus.DriverEnRoute, BookingStatus.Arrived, BookingStatus.PassengerOnBoard, BookingStatus.Completed],
            BookingStatus.NoShow => [BookingStatus.Confirmed, BookingStatus.Assigned, BookingStatus.DriverEnRoute, BookingStatus.Arrived, BookingStatus.NoShow],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path)
        {
            MoveTo(booking, step);
        }

        booking.Status.ShouldBe(status);
        return booking;
    }

    private static void MoveTo(Booking booking, BookingStatus to)
    {
        switch (to)
        {
            case BookingStatus.Confirmed when booking.Status == BookingStatus.Assigned: booking.Release(Now, "dispatcher"); break;
            case BookingStatus.Confirmed: booking.Confirm(Now); break;
            case BookingStatus.PaymentFailed: booking.MarkPaymentFailed("card_declined", Now); break;
            case BookingStatus.Assigned: booking.Assign("Dan Driver", "PH123", "AB12 CDE", "PL-42", "dispatcher@nots.test", Now); break;
            case BookingStatus.DriverEnRoute: booking.StartEnRoute(Now); break;
            case BookingStatus.Arrived: booking.Arrive(Now); break;
            case BookingStatus.PassengerOnBoard: booking.Board(Now); break;
            case BookingStatus.Completed: booking.Complete(Now); break;
            case BookingStatus.Cancelled: booking.Cancel(new CancellationFeePolicy(), null, Now); break;
            case BookingStatus.NoShow: booking.MarkNoShow("Waited 45 minutes", Now); break;
            default: throw new ArgumentOutOfRangeException(nameof(to));
        }
    }
}
