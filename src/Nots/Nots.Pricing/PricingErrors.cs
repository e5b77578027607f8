using Platform.Web;

namespace Nots.Pricing;

/// <summary>Stable error codes of the pricing module; each is thrown as a <see cref="DomainException"/>.</summary>
public static class PricingErrors
{
    public const string UnknownPlace = "unknown_place";
    public const string InvalidPlace = "invalid_place";
    public const string InvalidPostcode = "invalid_postcode";
    public const string Unreachable = "unreachable";
    public const string SamePlace = "same_place";
    public const string InvalidPickupTime = "invalid_pickup_time";
    public const string PickupInPast = "pickup_in_past";
    public const string InsideMinimumNotice = "inside_minimum_notice";
    public const string ReturnBeforeOutbound = "return_before_outbound";
    public const string InvalidParty = "invalid_party";
    public const string PartyTooLarge = "party_too_large";
    public const string TooMuchLuggage = "too_much_luggage";
    public const string TooManyChildSeats = "too_many_child_seats";
    public const string UnknownVehicleClass = "unknown_vehicle_class";
    public const string InvalidExtras = "invalid_extras";
    public const string InvalidTariff = "invalid_tariff";
    public const string InvalidFlightNumber = "invalid_flight_number";
    public const string TariffVersionConflict = "tariff_version_conflict";
    public const string TariffVersionNotFound = "tariff_version_not_found";
    public const string QuoteNotFound = "quote_not_found";

    internal static DomainException Error(string code, string message) => new(code, message);
}
