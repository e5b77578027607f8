using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Shouldly;

namespace Platform.Testing;

/// <summary>What an authenticator app does (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), written independently of the server.</summary>
public static class TotpCodes
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6238 authenticator apps use HMAC-SHA1.")]
    public static string Compute(string base32Secret, DateTimeOffset at)
    {
        var key = FromBase32(base32Secret);
        var counter = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff) % 1_000_000;
        return binary.ToString("D6", CultureInfo.InvariantCulture);
    }

    public static string Now(string base32Secret) => Compute(base32Secret, DateTimeOffset.UtcNow);

    /// <summary>A 6-digit code that is not valid around now (the server accepts a small window of steps).</summary>
    public static string Wrong(string base32Secret)
    {
        var valid = Enumerable.Range(-3, 7).Select(i => Compute(base32Secret, DateTimeOffset.UtcNow.AddSeconds(30 * i))).ToHashSet();
        for (var candidate = 0; ; candidate++)
        {
            var code = candidate.ToString("D6", CultureInfo.InvariantCulture);
            if (!valid.Contains(code))
            {
                return code;
            }
        }
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Trim().TrimEnd('=').Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            value.ShouldBeGreaterThanOrEqualTo(0, $"'{c}' is not base32");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return output.ToArray();
    }
}
