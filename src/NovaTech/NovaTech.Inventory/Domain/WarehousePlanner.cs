namespace NovaTech.Inventory.Domain;

/// <summary>
/// Chooses where reserved units come from: one warehouse that holds every line if there is one (the one with the
/// most to spare, ties by code), otherwise per line the fewest warehouses (largest availability first, preferring
/// warehouses already shipping other lines). Pure: the caller re-plans when a conditional UPDATE loses a race.
/// </summary>
internal static class WarehousePlanner
{
    public static Plan Choose(IReadOnlyList<(string Sku, int Quantity)> lines, IReadOnlyList<(string Sku, string Warehouse, int Available)> stock)
    {
        var bySku = stock.Where(s => s.Available > 0).GroupBy(s => s.Sku, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var total = bySku.TryGetValue(line.Sku, out var rows) ? rows.Sum(r => r.Available) : 0;
            if (total < line.Quantity)
            {
                return new Plan([], line.Sku, total);
            }
        }

        var single = stock.Select(s => s.Warehouse).Distinct(StringComparer.Ordinal)
            .Where(w => lines.All(l => bySku[l.Sku].Any(r => r.Warehouse == w && r.Available >= l.Quantity)))
            .OrderByDescending(w => lines.Sum(l => bySku[l.Sku].First(r => r.Warehouse == w).Available - l.Quantity))
            .ThenBy(w => w, StringComparer.Ordinal)
            .FirstOrDefault();
        if (single is not null)
        {
            return new Plan(lines.Select(l => (l.Sku, single, l.Quantity)).ToList(), null, 0);
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        var allocations = new List<(string Sku, string Warehouse, int Quantity)>();
        foreach (var line in lines.OrderByDescending(l => l.Quantity))
        {
            var candidates = bySku[line.Sku];
            var whole = candidates.Where(c => c.Available >= line.Quantity)
                .OrderByDescending(c => used.Contains(c.Warehouse)).ThenByDescending(c => c.Available).ThenBy(c => c.Warehouse, StringComparer.Ordinal)
                .FirstOrDefault();
            if (whole.Warehouse is not null)
            {
                allocations.Add((line.Sku, whole.Warehouse, line.Quantity));
                used.Add(whole.Warehouse);
                continue;
            }

            var left = line.Quantity;
            foreach (var c in candidates.OrderByDescending(c => c.Available).ThenBy(c => c.Warehouse, StringComparer.Ordinal))
            {
                var take = Math.Min(left, c.Available);
                allocations.Add((line.Sku, c.Warehouse, take));
                used.Add(c.Warehouse);
                left -= take;
                if (left == 0)
                {
                    break;
                }
            }
        }

        return new Plan(allocations, null, 0);
    }

    /// <param name="Allocations">Where the units come from, when every line is covered.</param>
    /// <param name="ShortSku">The first SKU that cannot be covered.</param>
    /// <param name="Available">Units of <paramref name="ShortSku"/> available.</param>
    public sealed record Plan(IReadOnlyList<(string Sku, string Warehouse, int Quantity)> Allocations, string? ShortSku, int Available);
}
