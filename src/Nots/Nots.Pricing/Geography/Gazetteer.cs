using System.Collections.Frozen;

namespace Nots.Pricing.Geography;

/// <summary>The shipped list of airports, ports, stations and towns: lookup by code and a ranked search.</summary>
public sealed class Gazetteer
{
    private readonly IReadOnlyList<Place> _places;
    private readonly FrozenDictionary<string, Place> _byCode;

    public Gazetteer()
        : this(GazetteerData.All)
    {
    }

    internal Gazetteer(IReadOnlyList<Place> places)
    {
        _places = places;
        _byCode = places.ToFrozenDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<Place> All => _places;

    public Place? Find(string code) => _byCode.GetValueOrDefault(code.Trim());

    /// <summary>
    /// Places whose code or name matches <paramref name="query"/>, best first: exact code, exact name, code prefix,
    /// name prefix, a word of the name starting with the query, then code or name containing it. Case, spaces,
    /// hyphens and apostrophes are ignored, so "kings cross" finds "London King's Cross".
    /// </summary>
    public IReadOnlyList<Place> Search(string? query, int limit = 10)
    {
        var q = Key(query ?? "");
        if (q.Length == 0 || limit <= 0)
        {
            return [];
        }

        return _places
            .Select(place => (place, rank: Rank(place, q)))
            .Where(x => x.rank < int.MaxValue)
            .OrderBy(x => x.rank)
            .ThenBy(x => x.place.Kind)
            .ThenBy(x => x.place.Name, StringComparer.Ordinal)
            .Take(limit)
            .Select(x => x.place)
            .ToList();
    }

    private static int Rank(Place place, string q)
    {
        var code = Key(place.Code);
        var name = Key(place.Name);
        if (code == q)
        {
            return 0;
        }

        if (name == q)
        {
            return 1;
        }

        if (code.StartsWith(q, StringComparison.Ordinal))
        {
            return 2;
        }

        if (name.StartsWith(q, StringComparison.Ordinal))
        {
            return 3;
        }

        var words = place.Name.Split([' ', '-', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries);
        if (words.Any(w => Key(w).StartsWith(q, StringComparison.Ordinal)))
        {
            return 4;
        }

        if (code.Contains(q, StringComparison.Ordinal) || name.Contains(q, StringComparison.Ordinal))
        {
            return 5;
        }

        return int.MaxValue;
    }

    private static string Key(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
}
