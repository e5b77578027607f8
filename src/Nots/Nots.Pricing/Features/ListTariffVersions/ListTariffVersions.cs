using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Nots.Pricing.Tariffs;

namespace Nots.Pricing.Features.ListTariffVersions;

/// <summary>One published tariff version.</summary>
public sealed record TariffVersionSummary(string Version, DateTimeOffset CreatedAt, string CreatedBy, bool Current);

/// <summary>Versions newest first; pass <see cref="NextCursor"/> as <c>cursor</c> for the next page.</summary>
public sealed record TariffVersionsResponse(IReadOnlyList<TariffVersionSummary> Items, string? NextCursor);

/// <summary><c>GET /v1/pricing/versions?limit=&amp;cursor=</c> (owner or admin).</summary>
internal static class ListTariffVersionsEndpoint
{
    public const int MaxLimit = 100;

    public static async Task<Results<Ok<TariffVersionsResponse>, ValidationProblem>> HandleAsync(
        int? limit, string? cursor, TariffStore tariffs, CancellationToken cancellationToken)
    {
        var take = limit ?? 20;
        var errors = new Dictionary<string, string[]>();
        if (take is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }

        int? before = null;
        if (cursor is not null)
        {
            if (int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                before = parsed;
            }
            else
            {
                errors["cursor"] = ["cursor is the nextCursor of a previous page."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await tariffs.ListAsync(before, take, cancellationToken);
        return TypedResults.Ok(new TariffVersionsResponse(
            page.Items.Select(v => new TariffVersionSummary(v.Version, v.CreatedAt, v.CreatedBy, v.Current)).ToList(),
            page.NextBefore?.ToString(CultureInfo.InvariantCulture)));
    }
}
