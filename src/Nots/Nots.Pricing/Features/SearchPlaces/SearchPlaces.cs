using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Nots.Pricing.Geography;

namespace Nots.Pricing.Features.SearchPlaces;

/// <summary>A gazetteer place whose <see cref="Code"/> can be given as <c>{"place": code}</c>.</summary>
public sealed record PlaceResponse(string Code, string Name, string Kind, double Lat, double Lng, string District, string? Note);

/// <summary><c>GET /v1/places?q=&amp;limit=</c>: airports, ports, stations and towns by code or name, best match first.</summary>
internal static class SearchPlacesEndpoint
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;

    public static Results<Ok<IReadOnlyList<PlaceResponse>>, ValidationProblem> Handle(string? q, int? limit, Gazetteer gazetteer)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["limit"] = [$"limit must be between 1 and {MaxLimit}."],
            });
        }

        if (q is { Length: > 100 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = ["q is at most 100 characters."] });
        }

        IReadOnlyList<PlaceResponse> places = gazetteer.Search(q, take)
            .Select(p => new PlaceResponse(p.Code, p.Name, p.Kind.ToString(), p.Location.Latitude, p.Location.Longitude, p.District, p.Note))
            .ToList();
        return TypedResults.Ok(places);
    }
}
