using Nots.Pricing.Quotes;

namespace Nots.Pricing.Features;

/// <summary>
/// A quote as <c>POST /v1/quotes</c> and <c>GET /v1/quotes/{id}</c> return it. Money is integer pence in
/// <see cref="Currency"/> (GBP); <see cref="DistanceMiles"/> and <see cref="DurationMinutes"/> are the outbound leg's.
/// </summary>
public sealed record QuoteResponse(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    bool Expired,
    decimal DistanceMiles,
    int DurationMinutes,
    string TariffVersion,
    string Currency,
    QuoteLegResponse Outbound,
    QuoteLegResponse? Return,
    string? FlightNumber,
    IReadOnlyList<QuoteOptionResponse> Options)
{
    internal static QuoteResponse From(StoredQuote stored, DateTimeOffset now)
    {
        var q = stored.Result;
        return new QuoteResponse(
            stored.Id,
            stored.CreatedAt,
            stored.ExpiresAt,
            now >= stored.ExpiresAt,
            q.DistanceMiles,
            q.DurationMinutes,
            q.TariffVersion,
            q.Currency,
            QuoteLegResponse.Of(q.Outbound),
            q.Return is null ? null : QuoteLegResponse.Of(q.Return),
            q.FlightNumber,
            q.Options.Select(QuoteOptionResponse.From).ToList());
    }
}

/// <summary>One leg: names of both ends, estimate, and the pickup as an instant and as UK local time.</summary>
public sealed record QuoteLegResponse(
    string From,
    string To,
    decimal DistanceMiles,
    int DurationMinutes,
    DateTimeOffset PickupAtUtc,
    DateTimeOffset PickupAtLocal,
    string PickupTimeResolution)
{
    internal static QuoteLegResponse Of(QuoteLeg leg) =>
        new(leg.From, leg.To, leg.DistanceMiles, leg.DurationMinutes, leg.PickupUtc, leg.PickupLocal, leg.PickupTimeResolution);
}

/// <summary>
/// The price in one vehicle class, or why it cannot carry the party (<see cref="ReasonCode"/>: too_many_passengers,
/// too_much_luggage, too_many_child_seats). The lines sum to <see cref="TotalPence"/>.
/// </summary>
public sealed record QuoteOptionResponse(
    string VehicleClass,
    string Name,
    int Seats,
    int Suitcases,
    bool Available,
    string? ReasonCode,
    string? Reason,
    int? TotalPence,
    string Currency,
    IReadOnlyList<QuoteLineResponse> Lines,
    IReadOnlyList<QuoteLineResponse>? ReturnLines)
{
    internal static QuoteOptionResponse From(QuoteOption o) => new(
        o.VehicleClass,
        o.Name,
        o.Seats,
        o.Suitcases,
        o.Available,
        o.ReasonCode,
        o.Reason,
        o.TotalPence,
        o.Currency,
        o.Lines.Select(QuoteLineResponse.From).ToList(),
        o.ReturnLines?.Select(QuoteLineResponse.From).ToList());
}

/// <summary>One itemised amount in pence; discounts are negative.</summary>
public sealed record QuoteLineResponse(string Code, string Description, int AmountPence)
{
    internal static QuoteLineResponse From(QuoteLine line) => new(line.Code, line.Description, line.AmountPence);
}
