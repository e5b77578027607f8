using Nots.Pricing.Features.CreateQuote;
using Nots.Pricing.Features.SearchPlaces;
using Nots.Pricing.Geography;
using Nots.Pricing.Quotes;

namespace Nots.Pricing.Features.Site;

/// <summary>
/// The pricing module's surface for the host's server-rendered customer website. Quoting runs the same handler as
/// <c>POST /v1/quotes</c>, so rules and errors (<c>Platform.Web.DomainException</c> with the API's codes) are identical.
/// </summary>
public interface ISiteQuotes
{
    /// <summary>Every gazetteer place (airports, ports, stations, towns), for the form's suggestion list.</summary>
    IReadOnlyList<PlaceResponse> Places { get; }

    /// <summary>
    /// What a person typed in a pickup or drop-off box, as a quote place: a place code or name from the list, a
    /// postcode (alone or ending an address), else the best gazetteer match; text that matches nothing is passed on as
    /// an address for the pricing module to accept or refuse. Null for an empty box.
    /// </summary>
    QuotePlaceBody? Interpret(string? text);

    /// <summary>Prices and stores a journey, as <c>POST /v1/quotes</c> does.</summary>
    Task<QuoteResponse> QuoteAsync(CreateQuoteRequest request, CancellationToken cancellationToken);

    /// <summary>A stored quote (also once expired), or null.</summary>
    Task<QuoteResponse?> FindAsync(Guid id, CancellationToken cancellationToken);
}

internal sealed class SiteQuotes(Gazetteer gazetteer, QuoteDesk desk, TimeProvider clock) : ISiteQuotes
{
    private IReadOnlyList<PlaceResponse>? _places;

    public IReadOnlyList<PlaceResponse> Places => _places ??= gazetteer.All
        .OrderBy(p => p.Kind).ThenBy(p => p.Name, StringComparer.Ordinal)
        .Select(p => new PlaceResponse(p.Code, p.Name, p.Kind.ToString(), p.Location.Latitude, p.Location.Longitude, p.District, p.Note))
        .ToList();

    public QuotePlaceBody? Interpret(string? text)
    {
        var typed = (text ?? "").Trim();
        if (typed.Length == 0)
        {
            return null;
        }

        if (gazetteer.Find(typed) is { } byCode)
        {
            return new QuotePlaceBody(Place: byCode.Code);
        }

        if (gazetteer.All.FirstOrDefault(p => string.Equals(p.Name, typed, StringComparison.OrdinalIgnoreCase)) is { } byName)
        {
            return new QuotePlaceBody(Place: byName.Code);
        }

        if (UkPostcode.TryParse(typed, out var postcode, out _))
        {
            return new QuotePlaceBody(Postcode: postcode!.Normalised);
        }

        // "12 High Street, Poole BH15 1HJ": the postcode locates it, the rest is the street address for the driver.
        var words = typed.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 3 && UkPostcode.TryParse(words[^2] + words[^1], out var trailing, out _) && trailing!.Inward is not null)
        {
            var address = typed[..typed.LastIndexOf(words[^2], StringComparison.Ordinal)].Trim().TrimEnd(',').Trim();
            return new QuotePlaceBody(Postcode: trailing.Normalised, Address: address.Length > 0 ? address : null);
        }

        return gazetteer.Search(typed, 1) is [var best]
            ? new QuotePlaceBody(Place: best.Code)
            : new QuotePlaceBody(Address: typed.Length > 300 ? typed[..300] : typed);
    }

    public async Task<QuoteResponse> QuoteAsync(CreateQuoteRequest request, CancellationToken cancellationToken) =>
        QuoteResponse.From(await CreateQuoteEndpoint.CreateAsync(request, desk, cancellationToken), clock.GetUtcNow());

    public async Task<QuoteResponse?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await desk.LoadAsync(id, cancellationToken) is { } stored ? QuoteResponse.From(stored, clock.GetUtcNow()) : null;
}
