using System.Security.Cryptography;

namespace Nots.Bookings.Domain;

/// <summary>
/// <c>NT-</c> + 6 characters a person can read out on the phone: no 0/O, 1/I/L. 31^6 ≈ 887 million values;
/// uniqueness is the database's unique index (a collision is retried with a new value).
/// </summary>
internal static class BookingReference
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const string Prefix = "NT-";

    public static string New() => Prefix + RandomNumberGenerator.GetString(Alphabet, 6);

    public static bool IsWellFormed(string? value) =>
        value is { Length: 9 } && value.StartsWith(Prefix, StringComparison.Ordinal) && value[3..].All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>Upper-cases and trims what a person typed.</summary>
    public static string Normalise(string value) => value.Trim().ToUpperInvariant();
}
