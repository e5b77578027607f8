using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Platform.Storage;
using Platform.Web;

namespace Nots.Fleet.Features.Drivers;

/// <summary>
/// Signed links to a driver's council badge (the verified <c>ph-badge</c> document, which carries the driver's photo), for
/// the customer's "your driver" message: anyone holding the link may see that one file for 30 days, nobody can list or
/// guess others. Keys come from Data Protection, shared by every node through the database.
/// </summary>
internal sealed class BadgeLinks(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Nots.Fleet.BadgeLink.v1").ToTimeLimitedDataProtector();

    public string Url(string baseUrl, Guid driverId) =>
        $"{baseUrl}/v1/drivers/{driverId}/badge?token={Uri.EscapeDataString(_protector.Protect(driverId.ToString("N"), time.GetUtcNow() + Lifetime))}";

    public bool IsValid(Guid driverId, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return false;
        }

        try
        {
            return _protector.Unprotect(token, out _) == driverId.ToString("N");
        }
        catch (CryptographicException)
        {
            return false; // Tampered, expired or from another key ring.
        }
    }

    /// <summary>The badge that counts today: verified, not expired, the one that lasts longest.</summary>
    public static IQueryable<ComplianceDocument> Current(FleetDbContext db, DateOnly today) =>
        db.Documents.AsNoTracking()
            .Where(d => d.OwnerType == OwnerTypes.Driver && d.DocumentType == DocumentTypes.PhBadge && d.Status == DocumentStatus.Verified && d.EffectiveExpiresOn >= today);
}

/// <summary><c>GET /v1/drivers/{id}/badge?token=</c> (anonymous, signed link): the driver's current badge, shown inline.</summary>
internal static class BadgePhoto
{
    public static void Map(RouteGroupBuilder drivers) =>
        drivers.MapGet("{id:guid}/badge", HandleAsync).AllowAnonymous().WithName("GetDriverBadge")
            .WithSummary("The driver's current council badge, through the signed link sent to the customer");

    private static async Task<FileStreamHttpResult> HandleAsync(
        Guid id, string? token, HttpContext http, BadgeLinks links, FleetDbContext db, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        // One answer for a bad link and for a driver without a current badge: the link reveals nothing else.
        var notFound = DomainException.NotFound("badge_not_found", "This badge link is not valid, or has expired.");
        if (!links.IsValid(id, token))
        {
            throw notFound;
        }

        var badge = await BadgeLinks.Current(db, FleetClock.Today(time)).Where(d => d.OwnerId == id)
            .OrderByDescending(d => d.EffectiveExpiresOn).FirstOrDefaultAsync(cancellationToken) ?? throw notFound;
        var stream = await store.OpenReadAsync(badge.FileKey, cancellationToken) ?? throw notFound;
        http.Response.Headers.CacheControl = "private, max-age=3600";
        http.Response.Headers["Content-Disposition"] = "inline";
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return TypedResults.File(stream, badge.ContentType);
    }
}
