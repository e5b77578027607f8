using System.ComponentModel.DataAnnotations;
using Nots.Bookings.Domain;
using Platform.Notifications;

namespace Nots.Bookings.Features;

/// <summary>The lead passenger as sent by a client.</summary>
/// <param name="Name">Full name (the hirer in the booking record).</param>
/// <param name="Email">Where confirmations go.</param>
/// <param name="Phone">UK (07…, 01…, 02…) or international (+…) number; stored as E.164.</param>
public sealed record PassengerRequest(
    [Required, MinLength(2), MaxLength(200)] string? Name,
    [Required, MaxLength(254)] string? Email,
    [Required, MaxLength(30)] string? Phone);

internal static class PassengerInput
{
    /// <summary>Checks the formats DataAnnotations cannot; adds field errors under <paramref name="prefix"/>.</summary>
    public static LeadPassenger? Validate(PassengerRequest? passenger, Dictionary<string, string[]> errors, string prefix = "passenger")
    {
        if (passenger is null)
        {
            return null;
        }

        var name = passenger.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length < 2)
        {
            errors[prefix + ".name"] = ["Enter the lead passenger's name."];
        }

        if (!EmailAddress.TryNormalise(passenger.Email, out var email))
        {
            errors[prefix + ".email"] = ["Enter a valid e-mail address, like name@example.com."];
        }

        if (!PhoneNumber.TryNormalise(passenger.Phone, out var phone))
        {
            errors[prefix + ".phone"] = ["Enter a UK number like 07700 900123 or an international number starting with +."];
        }

        return errors.Count == 0 ? new LeadPassenger(name!, email!, phone!) : null;
    }

    public static string? Flight(string? flightNumber, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(flightNumber))
        {
            return null;
        }

        if (FlightNumber.TryNormalise(flightNumber, out var flight))
        {
            return flight;
        }

        errors["flightNumber"] = ["Enter a flight number like BA123 or EZY8012."];
        return null;
    }

    public static string? Notes(string? notes) => string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
}
