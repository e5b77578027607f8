using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Nots.Pricing.Features.GetTariff;
using Nots.Pricing.Tariffs;

namespace Nots.Pricing.Features.PublishTariff;

/// <summary>
/// <c>PUT /v1/pricing</c> (owner only): the body is a tariff definition (the <c>definition</c> of
/// <c>GET /v1/pricing</c>; its <c>version</c>, if any, is ignored). It becomes the next version and current at once;
/// quotes already given keep the version they used. <c>If-Match: "&lt;version&gt;"</c> (the ETag of the GET) makes the
/// publish fail with 409 if someone published in between. Invalid tariffs are 422 <c>invalid_tariff</c> with a
/// <c>problems</c> list; a body that is not a complete tariff is 400.
/// </summary>
internal static class PublishTariffEndpoint
{
    public static async Task<Created<TariffResponse>> HandleAsync(
        HttpRequest request, HttpResponse response, ClaimsPrincipal user, TariffStore tariffs, CancellationToken cancellationToken)
    {
        var definition = await ReadAsync(request, cancellationToken);
        var problems = NullProblems(definition);
        if (problems.Count > 0)
        {
            throw TariffStore.InvalidTariff(problems);
        }

        var author = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";
        var published = await tariffs.PublishAsync(definition, ExpectedVersion(request), author, cancellationToken);
        response.Headers.ETag = $"\"{published.Version}\"";
        return TypedResults.Created($"{request.PathBase}{request.Path}/versions/{published.Version}", TariffResponse.From(published));
    }

    private static async Task<TariffDefinition> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The tariff must be sent as application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        var node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        if (node is not JsonObject body)
        {
            throw new JsonException("The tariff must be a JSON object.");
        }

        // The server numbers versions; whatever the client sent is replaced.
        body.Remove("version");
        body.Remove("Version");
        body["version"] = "draft";
        return body.Deserialize<TariffDefinition>(PricingJson.Strict) ?? throw new JsonException("The tariff is empty.");
    }

    private static string? ExpectedVersion(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*")
        {
            return null;
        }

        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value.Trim('"');
    }

    // The serializer enforces non-null fields but not non-null list elements; a null there would trip the rules.
    internal static List<string> NullProblems(TariffDefinition d)
    {
        var problems = new List<string>();
        if (d.VehicleClasses.Any(c => c is null || c.MileBands is null || c.MileBands.Any(b => b is null)))
        {
            problems.Add("Vehicle classes and their per-mile bands cannot be null.");
        }

        if (d.FixedRoutes.Any(r => r is null || r.ZoneA.Any(z => z is null) || r.ZoneB.Any(z => z is null)))
        {
            problems.Add("Fixed routes and their zone entries cannot be null.");
        }

        if (d.AccessCharges.Any(a => a is null))
        {
            problems.Add("Access charges cannot be null.");
        }

        return problems;
    }
}
