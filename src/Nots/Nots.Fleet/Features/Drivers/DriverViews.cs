using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;

namespace Nots.Fleet.Features.Drivers;

internal static class DriverViews
{
    public static async Task<List<DriverResponse>> ToResponsesAsync(FleetDbContext db, ComplianceReader compliance, IReadOnlyList<Driver> drivers, CancellationToken cancellationToken)
    {
        var ids = drivers.Select(d => d.Id).ToList();
        var results = await compliance.EvaluateAsync(OwnerTypes.Driver, ids, cancellationToken);
        var links = await db.VehicleDrivers.AsNoTracking().Where(a => ids.Contains(a.DriverId)).ToListAsync(cancellationToken);
        var vehicles = links.ToLookup(a => a.DriverId, a => a.VehicleId);
        return drivers.Select(d => Views.ToResponse(d, results[d.Id], vehicles[d.Id].OrderBy(v => v).ToList())).ToList();
    }

    public static async Task<DriverResponse> ToResponseAsync(FleetDbContext db, ComplianceReader compliance, Driver driver, CancellationToken cancellationToken) =>
        (await ToResponsesAsync(db, compliance, [driver], cancellationToken))[0];
}

/// <summary>Before/after of the fields an admin changed, for the audit trail.</summary>
internal sealed class ChangeSet
{
    private readonly Dictionary<string, object?> _before = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?> _after = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Fields => [.. _after.Keys];

    public bool IsEmpty => _after.Count == 0;

    public void Track<T>(string field, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            _before[field] = before;
            _after[field] = after;
        }
    }

    public string BeforeJson => JsonSerializer.Serialize(_before);

    public string AfterJson => JsonSerializer.Serialize(_after);
}

internal static class Links
{
    public static string BaseUrl(FleetOptions options, HttpRequest? request) =>
        options.PublicBaseUrl
        ?? (request is not null ? $"{request.Scheme}://{request.Host}{request.PathBase}" : options.FallbackBaseUrl);
}
