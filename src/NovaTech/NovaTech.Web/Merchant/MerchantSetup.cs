using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using NovaTech.Inventory.Features.Merchant;
using Platform.Identity;

namespace NovaTech.Web.Merchant;

/// <summary>The merchant console at <c>/merchant</c>: staff sign-in (with MFA), the gate, the pages and the live stock feed.</summary>
internal static class MerchantSetup
{
    private static readonly TimeSpan LivePoll = TimeSpan.FromSeconds(2);
    private const int LiveRounds = 150;

    public static IServiceCollection AddMerchant(this IServiceCollection services)
    {
        services.AddScoped<MerchantContext>();
        services.AddMerchantGate();
        services.AddAuthorizationBuilder()
            .AddPolicy(MerchantPages.ShipperPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(NovaTechRoles.Merchant, NovaTechRoles.Admin));
        return services;
    }

    public static void MapMerchant(this IEndpointRouteBuilder app)
    {
        app.MapMerchantSignIn();
        app.MapMerchantPages();
        app.MapMerchantCatalogPages();
        app.MapMerchantInventoryPages();
        app.MapMerchantUserPages();
        app.MapGroup("/merchant").RequireAuthorization(PlatformPolicies.Staff).ExcludeFromDescription().MapGet("live/stock", LiveStock);
    }

    /// <summary>
    /// Server-sent events with the low-stock table whenever it changes (checked every two seconds, for five minutes; the
    /// browser's EventSource reconnects). The dashboard works without it: a reload always shows the latest.
    /// </summary>
    private static ServerSentEventsResult<IReadOnlyList<LowStockRow>> LiveStock(HttpContext http, IMerchantInventory inventory)
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.ServerSentEvents(WatchAsync(inventory, http.RequestAborted), eventType: "stock");
    }

    private static async IAsyncEnumerable<IReadOnlyList<LowStockRow>> WatchAsync(IMerchantInventory inventory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        for (var round = 0; round < LiveRounds && !cancellationToken.IsCancellationRequested; round++)
        {
            IReadOnlyList<LowStockRow> rows;
            try
            {
                rows = await inventory.LowStockAsync(20, cancellationToken);
                await Task.Delay(round == 0 ? TimeSpan.Zero : LivePoll, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var key = string.Join('|', rows.Select(r => $"{r.Sku}:{r.Available}:{r.OnHand}"));
            if (key != last)
            {
                last = key;
                yield return rows;
            }
        }
    }
}
