using System.Text.Json;
using System.Text.Json.Nodes;
using Nots.Pricing.Features.PublishTariff;
using Nots.Pricing.Geography;
using Nots.Pricing.Quotes;
using Nots.Pricing.Routing;
using Nots.Pricing.Tariffs;
using Platform.Web;

namespace Nots.Pricing.Features.Desk;

/// <summary>The tariff in force as the editor shows it: its version (the <c>If-Match</c> of a publish) and its definition as indented JSON.</summary>
public sealed record TariffDraft(string Version, DateTimeOffset CreatedAt, string CreatedBy, string Json);

/// <summary>A sample journey to price a draft with.</summary>
public sealed record SampleJourney(string Pickup, string Dropoff, string PickupTimeLocal, int Passengers, int Suitcases);

/// <summary>One vehicle class priced by the tariff in force and by the draft (null: not available, with the reason).</summary>
public sealed record PricePreview(string VehicleClass, string Name, int? CurrentPence, int? DraftPence, string? Reason);

/// <summary>What the draft would do: its problems (nothing priced when there are any), or the prices of the sample journey.</summary>
public sealed record TariffPreview(IReadOnlyList<string> Problems, decimal DistanceMiles, IReadOnlyList<PricePreview> Prices);

/// <summary>
/// The pricing module's surface for the owner's tariff editor on the operations dashboard (callers authorise
/// <c>PlatformPolicies.Role("owner")</c> first): the current tariff (<c>GET /v1/pricing</c>), a preview that prices a sample
/// journey with a draft and with the tariff in force (the quote code with the draft as its tariff, nothing stored), and
/// the publish of <c>PUT /v1/pricing</c> (same rules, same <c>invalid_tariff</c> / version conflict).
/// </summary>
public interface IPricingDesk
{
    /// <summary>The tariff in force.</summary>
    Task<TariffDraft> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>Prices <paramref name="journey"/> with the draft and with the tariff in force.</summary>
    Task<TariffPreview> PreviewAsync(string json, SampleJourney journey, CancellationToken cancellationToken);

    /// <summary>Publishes the draft as the next version; <paramref name="expectedVersion"/> guards against a publish in between.</summary>
    /// <exception cref="DomainException"><c>invalid_tariff</c> with problems, or a conflict when another version was published.</exception>
    Task<string> PublishAsync(string json, string? expectedVersion, string author, CancellationToken cancellationToken);
}

internal sealed class PricingDesk(TariffStore tariffs, PlaceResolver places, IDistanceEstimator distances, TimeProvider clock) : IPricingDesk
{
    private static readonly JsonSerializerOptions Indented = new(PricingJson.Strict) { WriteIndented = true };

    public async Task<TariffDraft> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = await tariffs.FindCurrentAsync(cancellationToken);
        var json = JsonSerializer.Serialize(current.Tariff.Definition, Indented);
        return new TariffDraft(current.Version, current.CreatedAt, current.CreatedBy, json);
    }

    public async Task<TariffPreview> PreviewAsync(string json, SampleJourney journey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journey);
        var (definition, problems) = Parse(json);
        if (definition is null)
        {
            return new TariffPreview(problems, 0, []);
        }

        var request = new QuoteRequest(Place(journey.Pickup), Place(journey.Dropoff), journey.PickupTimeLocal, journey.Passengers, journey.Suitcases);
        try
        {
            var now = await new QuoteService(places, distances, tariffs, clock).QuoteAsync(request, cancellationToken);
            var draft = await new QuoteService(places, distances, new FixedTariffSource(Tariff.Create(definition)), clock).QuoteAsync(request, cancellationToken);
            var prices = draft.Options.Select(d =>
            {
                var c = now.Options.FirstOrDefault(o => o.VehicleClass == d.VehicleClass);
                return new PricePreview(d.VehicleClass, d.Name, c?.TotalPence, d.TotalPence, d.Available ? null : d.Reason);
            }).ToList();
            prices.AddRange(now.Options.Where(c => draft.Options.All(d => d.VehicleClass != c.VehicleClass))
                .Select(c => new PricePreview(c.VehicleClass, c.Name, c.TotalPence, null, "not in the draft")));
            return new TariffPreview([], draft.DistanceMiles, prices);
        }
        catch (DomainException exception)
        {
            return new TariffPreview(["The sample journey cannot be priced: " + exception.Message], 0, []);
        }
    }

    public async Task<string> PublishAsync(string json, string? expectedVersion, string author, CancellationToken cancellationToken)
    {
        var (definition, problems) = Parse(json);
        if (definition is null)
        {
            throw TariffStore.InvalidTariff(problems);
        }

        return (await tariffs.PublishAsync(definition, expectedVersion, author, cancellationToken)).Version;
    }

    /// <summary>The definition (as <c>PUT /v1/pricing</c> reads it), or the problems that stop it being one.</summary>
    private static (TariffDefinition? Definition, IReadOnlyList<string> Problems) Parse(string json)
    {
        TariffDefinition? definition;
        try
        {
            if (JsonNode.Parse(json ?? "") is not JsonObject body)
            {
                return (null, ["The tariff must be a JSON object."]);
            }

            body.Remove("version");
            body.Remove("Version");
            body["version"] = "draft";
            definition = body.Deserialize<TariffDefinition>(PricingJson.Strict);
        }
        catch (JsonException exception)
        {
            return (null, ["The tariff is not valid: " + exception.Message]);
        }

        if (definition is null)
        {
            return (null, ["The tariff is empty."]);
        }

        var problems = PublishTariffEndpoint.NullProblems(definition);
        if (problems.Count == 0)
        {
            problems.AddRange(Tariff.Validate(definition));
        }

        return problems.Count > 0 ? (null, problems) : (definition, []);
    }

    private static PlaceInput Place(string text)
    {
        var trimmed = (text ?? "").Trim();
        return UkPostcode.TryParse(trimmed, out _, out _) ? PlaceInput.ForPostcode(trimmed) : PlaceInput.Code(trimmed.ToUpperInvariant());
    }
}
