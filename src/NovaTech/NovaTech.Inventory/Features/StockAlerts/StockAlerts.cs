using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NovaTech.Contracts.Catalog;
using NovaTech.Contracts.Inventory;
using NovaTech.Inventory.Data;
using NovaTech.Inventory.Domain;
using Platform.Messaging;
using Platform.Notifications;
using Platform.Web;

namespace NovaTech.Inventory.Features.StockAlerts;

/// <summary>Body of <c>POST products/{id}/alerts</c>.</summary>
public sealed record SubscribeStockAlertRequest(
    [property: Required, StringLength(64, MinimumLength = 1)] string Sku,
    [property: Required, EmailAddress, StringLength(254, MinimumLength = 3)] string Email);

/// <summary>An open back-in-stock alert. <c>UnsubscribeUrl</c> cancels it (the same link is in the email).</summary>
public sealed record StockAlertResponse(Guid Id, string Sku, string Email, string Status, string UnsubscribeUrl);

/// <summary>Answer to an unsubscribe.</summary>
public sealed record UnsubscribedResponse(string Status);

/// <summary>
/// Back-in-stock alerts: anyone may ask (rate limited per client IP) to be emailed once when an out-of-stock SKU can
/// be bought again. Fed by Inventory's own <see cref="StockLevelChangedIntegrationEvent"/> through the inbox.
/// </summary>
internal static class StockAlertEndpoints
{
    public const string RateLimitPolicy = "novatech.stock-alerts";
    public const string BackInStockEmail = "novatech.back-in-stock";
    private const string ProtectorPurpose = "NovaTech.Inventory.StockAlerts.Unsubscribe.v1";

    public static readonly EmailTemplate Template = new(BackInStockEmail, "{{ProductName}} is back in stock",
        "<p>Good news: <strong>{{ProductName}}</strong> ({{Sku}}) is back in stock at NovaTech.</p><p><a href=\"{{ProductUrl}}\">Buy it now</a> before it goes again.</p>" +
        "<p>You asked us to tell you once; this alert is now done. <a href=\"{{UnsubscribeUrl}}\">Not interested any more?</a></p>",
        "Good news: {{ProductName}} ({{Sku}}) is back in stock at NovaTech.\nBuy it now: {{ProductUrl}}\n\n" +
        "You asked us to tell you once; this alert is now done. Not interested any more? {{UnsubscribeUrl}}");

    public static void AddStockAlertRateLimit(RateLimiterOptions options, int perMinute) =>
        options.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
            "stock-alerts:" + (context.Connection.RemoteIpAddress?.ToString() ?? "local"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public static void MapStockAlerts(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Stock alerts").AllowAnonymous();
        group.MapPost("products/{id:guid}/alerts", SubscribeAsync).RequireRateLimiting(RateLimitPolicy).WithName("SubscribeStockAlert")
            .WithSummary("Email me once when this SKU is back in stock (idempotent per SKU and email).");

        // POST for one-click unsubscribe (RFC 8058); GET so the link in the email works on its own. Both are idempotent.
        group.MapPost("stock-alerts/unsubscribe", UnsubscribeAsync).WithName("UnsubscribeStockAlert");
        group.MapGet("stock-alerts/unsubscribe", UnsubscribeAsync).WithName("UnsubscribeStockAlertLink");
    }

    private static async Task<Results<Created<StockAlertResponse>, Ok<StockAlertResponse>>> SubscribeAsync(
        Guid id, SubscribeStockAlertRequest request, InventoryDbContext db, ICatalogLookup catalog, IDataProtectionProvider protection,
        IOptions<InventoryOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var sku = StockLevel.NormaliseSku(request.Sku);
        var email = StockAlert.NormaliseEmail(request.Email);
        var skus = await catalog.GetSkusAsync([sku], cancellationToken);
        if (!skus.TryGetValue(sku, out var info) || info.ProductId != id)
        {
            throw DomainException.NotFound(InventoryErrors.SkuNotOfProduct, $"Product {id} has no SKU {sku}.");
        }

        // The moment the shopper saw it unavailable: stock that arrives after this is "back in stock" for them.
        var now = time.GetUtcNow();
        var existing = await OpenAlertAsync(db, sku, email, cancellationToken);
        if (existing is not null)
        {
            return TypedResults.Ok(ToResponse(existing, protection, options.Value));
        }

        var available = await db.StockLevels.Where(s => s.Sku == sku).SumAsync(s => s.OnHand - s.Reserved, cancellationToken);
        if (available > 0)
        {
            throw DomainException.Conflict(InventoryErrors.SkuInStock, $"{sku} is in stock ({available} available): it can be bought now.");
        }

        var alert = StockAlert.Subscribe(sku, id, email, info.ProductName + (string.IsNullOrWhiteSpace(info.VariantName) ? "" : $" ({info.VariantName})"), info.Slug, now);
        db.StockAlerts.Add(alert);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same shopper asked twice at once: the unique index kept one; answer with it.
            db.ChangeTracker.Clear();
            existing = await OpenAlertAsync(db, sku, email, cancellationToken);
            if (existing is null)
            {
                throw;
            }

            return TypedResults.Ok(ToResponse(existing, protection, options.Value));
        }

        return TypedResults.Created($"stock-alerts/{alert.Id}", ToResponse(alert, protection, options.Value));
    }

    private static async Task<Ok<UnsubscribedResponse>> UnsubscribeAsync(string? token, InventoryDbContext db, IDataProtectionProvider protection, TimeProvider time, CancellationToken cancellationToken)
    {
        var alertId = ReadToken(protection, token);
        var alert = await db.StockAlerts.SingleOrDefaultAsync(a => a.Id == alertId, cancellationToken)
            ?? throw new DomainException(InventoryErrors.InvalidUnsubscribeToken, "This unsubscribe link is not valid.");
        alert.Unsubscribe(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new UnsubscribedResponse("unsubscribed"));
    }

    private static Task<StockAlert?> OpenAlertAsync(InventoryDbContext db, string sku, string email, CancellationToken cancellationToken) =>
        db.StockAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Sku == sku && a.Email == email && a.NotifiedAt == null && a.UnsubscribedAt == null, cancellationToken);

    private static StockAlertResponse ToResponse(StockAlert alert, IDataProtectionProvider protection, InventoryOptions options) =>
        new(alert.Id, alert.Sku, alert.Email, "pending", UnsubscribeUrl(alert.Id, protection, options));

    public static string UnsubscribeUrl(Guid alertId, IDataProtectionProvider protection, InventoryOptions options) =>
        $"{options.StorefrontBaseUrl.TrimEnd('/')}/api/v1/stock-alerts/unsubscribe?token={Token(protection, alertId)}";

    /// <summary>The alert id, authenticated and encrypted with the product's data-protection keys (shared by every node).</summary>
    private static string Token(IDataProtectionProvider protection, Guid alertId) =>
        WebEncoders.Base64UrlEncode(protection.CreateProtector(ProtectorPurpose).Protect(alertId.ToByteArray()));

    private static Guid ReadToken(IDataProtectionProvider protection, string? token)
    {
        try
        {
            var bytes = protection.CreateProtector(ProtectorPurpose).Unprotect(WebEncoders.Base64UrlDecode(token ?? ""));
            return bytes.Length == 16 ? new Guid(bytes) : throw new CryptographicException("Not an alert id.");
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw new DomainException(InventoryErrors.InvalidUnsubscribeToken, "This unsubscribe link is not valid.");
        }
    }
}

/// <summary>
/// Sends the open alerts of a SKU once it is available again: every alert made before this level was reached (so
/// while the SKU was out of stock) is emailed once and closed, in the inbox transaction. An alert's version makes two
/// concurrent deliveries of stock events conflict instead of both sending; the loser is retried and finds it closed.
/// </summary>
internal sealed class NotifyBackInStock(InventoryDbContext db, IDataProtectionProvider protection, IOptions<InventoryOptions> options, TimeProvider time)
    : IIntegrationEventHandler<StockLevelChangedIntegrationEvent>
{
    public async Task HandleAsync(StockLevelChangedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        if (integrationEvent.Available <= 0)
        {
            return;
        }

        var alerts = await db.StockAlerts
            .Where(a => a.Sku == integrationEvent.Sku && a.NotifiedAt == null && a.UnsubscribedAt == null && a.CreatedAt <= integrationEvent.OccurredAt)
            .ToListAsync(cancellationToken);
        if (alerts.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var baseUrl = options.Value.StorefrontBaseUrl.TrimEnd('/');
        foreach (var alert in alerts)
        {
            alert.MarkNotified(now);
            db.RequestEmail(StockAlertEndpoints.BackInStockEmail, alert.Email, new Dictionary<string, string?>
            {
                ["ProductName"] = alert.ProductName,
                ["Sku"] = alert.Sku,
                ["ProductUrl"] = $"{baseUrl}/products/{alert.Slug}",
                ["UnsubscribeUrl"] = StockAlertEndpoints.UnsubscribeUrl(alert.Id, protection, options.Value),
            }, alert.Sku);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
