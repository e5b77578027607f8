using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Nots.Pricing.Tariffs;
using Platform.Web;

namespace Nots.Pricing.Features.GetTariff;

/// <summary>
/// A tariff version: its immutable definition (the body <c>PUT /v1/pricing</c> takes, edited), who published it and
/// when, and whether it is the one quotes use now.
/// </summary>
public sealed record TariffResponse(string Version, DateTimeOffset CreatedAt, string CreatedBy, bool Current, TariffDefinition Definition)
{
    internal static TariffResponse From(TariffVersionInfo info) =>
        new(info.Version, info.CreatedAt, info.CreatedBy, info.Current, info.Tariff.Definition);
}

/// <summary>
/// <c>GET /v1/pricing</c> (owner or admin): the current tariff, with its version as the <c>ETag</c> to send back as
/// <c>If-Match</c> on <c>PUT</c>. <c>GET /v1/pricing/versions/{version}</c>: any version ever published.
/// </summary>
internal static class GetTariffEndpoint
{
    public static async Task<Ok<TariffResponse>> HandleAsync(TariffStore tariffs, HttpResponse response, CancellationToken cancellationToken)
    {
        // Read through to the database, not the quote cache: the owner must see what is really current.
        var current = await tariffs.FindCurrentAsync(cancellationToken);
        response.Headers.ETag = $"\"{current.Version}\"";
        return TypedResults.Ok(TariffResponse.From(current));
    }

    public static async Task<Ok<TariffResponse>> HandleVersionAsync(string version, TariffStore tariffs, CancellationToken cancellationToken)
    {
        var found = await tariffs.FindVersionAsync(version, cancellationToken)
            ?? throw DomainException.NotFound(PricingErrors.TariffVersionNotFound, $"There is no tariff version '{version}'.");
        return TypedResults.Ok(TariffResponse.From(found));
    }
}
