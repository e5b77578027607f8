using Platform.Web;

namespace Nots.Bookings.Domain;

/// <summary>The module's stable problem codes.</summary>
internal static class BookingErrors
{
    public static DomainException InvalidTransition(BookingStatus from, BookingStatus to) =>
        new("invalid_status_transition", $"A booking that is {from} cannot become {to}.", DomainErrorKind.Conflict)
        {
            Details = { ["currentStatus"] = from.ToString(), ["requestedStatus"] = to.ToString() },
        };

    public static DomainException NotFound(string reference) =>
        DomainException.NotFound("booking_not_found", $"There is no booking {reference} you can see.");

    public static DomainException PaymentNotFound() =>
        DomainException.NotFound("payment_not_found", "There is no such payment you can see.");

    public static DomainException QuoteNotFound() => new("quote_not_found", "There is no quote with that id.");

    public static DomainException QuoteExpired() => new("quote_expired", "The quote has expired; ask for a new quote.");

    public static DomainException UnknownVehicleClass(string vehicleClass) =>
        new("unknown_vehicle_class", $"The quote has no vehicle class '{vehicleClass}'.");

    public static DomainException VehicleClassUnavailable(string vehicleClass, string? reason) =>
        new("vehicle_class_unavailable", $"A {vehicleClass} cannot take this journey{(reason is null ? "" : ": " + reason)}.");

    public static DomainException PickupInPast() => new("pickup_in_past", "The pickup time has already passed.");

    public static DomainException NotAmendable(BookingStatus status) =>
        DomainException.Conflict("booking_not_amendable", $"A booking that is {status} cannot be amended.");

    public static DomainException AmendCutoffPassed(int hours) =>
        new("amend_cutoff_passed", $"Bookings can be changed until {hours} hours before pickup.");

    public static DomainException NothingToPay() =>
        DomainException.Conflict("nothing_to_pay", "This booking has nothing left to pay.");

    public static DomainException NotPayable(BookingStatus status) =>
        DomainException.Conflict("booking_not_payable", $"A booking that is {status} cannot be paid for.");
}
