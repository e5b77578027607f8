using Microsoft.AspNetCore.Mvc;
using NovaTech.Fulfillment.Features.CreateShipment;
using NovaTech.Fulfillment.Features.Merchant;
using NovaTech.Inventory.Features.Merchant;
using NovaTech.Ordering.Features.Merchant;
using NovaTech.Ordering.Features.Orders;
using Platform.Identity;
using Platform.Messaging;
using Platform.Notifications;
using Platform.Web;

namespace NovaTech.Web.Merchant;

/// <summary>
/// The merchant console's dashboard and orders at <c>/merchant</c> (staff policy: merchant, support, admin, with MFA when
/// required). Every read is a module's merchant query interface and every change the module's own handler
/// (<see cref="IMerchantOrders"/>, <see cref="IMerchantShipments"/>, <see cref="IMerchantInventory"/>). Forms post with
/// antiforgery and answer 303 (post/redirect/get), or re-render with the module's message and its 4xx status.
/// </summary>
internal static class MerchantPages
{
    /// <summary>Who may ship orders and edit the catalog: merchants and admins (support staff look and refund).</summary>
    public const string ShipperPolicy = "merchant:shipper";

    public static void MapMerchantPages(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/merchant").RequireAuthorization(PlatformPolicies.Staff).ExcludeFromDescription();
        staff.MapGet("", DashboardAsync);
        staff.MapGet("orders", OrdersAsync);
        staff.MapGet("orders/{number}", OrderAsync);
        staff.MapPost("orders/{number}/refunds", RefundAsync);
        staff.MapPost("orders/{number}/shipments", ShipAsync).RequireAuthorization(ShipperPolicy);
    }

    private static async Task<IResult> DashboardAsync(HttpContext http, MerchantContext merchant, IMerchantOrders orders, IMerchantInventory inventory, IMessagingMonitor messaging)
    {
        var cancellationToken = http.RequestAborted;
        var (from, to) = merchant.Today();
        var figures = await orders.FiguresAsync(from, to, cancellationToken);
        var lowStock = await inventory.LowStockAsync(20, cancellationToken);
        var status = await messaging.GetStatusAsync(cancellationToken);
        var toShip = await orders.ListAsync("Paid", null, null, 10, cancellationToken);
        return Pages.Render<DashboardPage>(new DashboardModel(merchant.Desk(http, "dashboard"), figures, lowStock, inventory.LowStockThreshold, status.DeadDeliveries, toShip.Items));
    }

    private static async Task<IResult> OrdersAsync(string? status, string? q, string? cursor, HttpContext http, MerchantContext merchant, IMerchantOrders orders)
    {
        var desk = merchant.Desk(http, "orders");
        status = string.IsNullOrWhiteSpace(status) ? null : status.Trim();
        try
        {
            var page = await orders.ListAsync(status, q, cursor, 25, http.RequestAborted);
            return Pages.Render<OrdersPage>(new OrderListModel(desk, page, status, q?.Trim(), string.IsNullOrEmpty(cursor), null));
        }
        catch (DomainException exception)
        {
            return Pages.Render<OrdersPage>(new OrderListModel(desk, new MerchantOrderPage([], null), null, q?.Trim(), true, exception.Message), StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> OrderAsync(string number, HttpContext http, MerchantContext merchant, IMerchantOrders orders, IMerchantShipments shipments,
        IMerchantInventory inventory, INotificationService notifications) =>
        await OrderPageAsync(number, http, merchant, orders, shipments, inventory, notifications, null, StatusCodes.Status200OK, null);

    private static async Task<IResult> OrderPageAsync(string number, HttpContext http, MerchantContext merchant, IMerchantOrders orders, IMerchantShipments shipments,
        IMerchantInventory inventory, INotificationService notifications, string? problem, int status, IReadOnlyDictionary<string, string>? values)
    {
        var cancellationToken = http.RequestAborted;
        var desk = merchant.Desk(http, "orders");
        var order = await orders.FindAsync(number, cancellationToken);
        if (order is null)
        {
            return Pages.Render<MerchantMessagePage>(new MerchantMessageModel(desk, "Order not found", $"There is no order {number}.", "/merchant/orders", "All orders"), StatusCodes.Status404NotFound);
        }

        var parcels = await shipments.ListAsync(order.OrderNumber, cancellationToken);
        var reservations = await inventory.ReservationsOfAsync(order.OrderNumber, cancellationToken);
        var sent = await notifications.ListAsync(new DeliveryQuery(Reference: order.OrderNumber, Limit: 50), cancellationToken);
        var timeline = OrderDetailModel.Build(order, parcels, reservations, sent.Items);
        return Pages.Render<OrderDetailPage>(new OrderDetailModel(desk, order, parcels, timeline, await inventory.WarehousesAsync(cancellationToken), problem, values), status);
    }

    private static async Task<IResult> ShipAsync(string number, [FromForm] string? warehouse, [FromForm] string? carrier, [FromForm] string? trackingNumber, IFormCollection form,
        HttpContext http, MerchantContext merchant, IMerchantOrders orders, IMerchantShipments shipments, IMerchantInventory inventory, INotificationService notifications)
    {
        var order = await orders.FindAsync(number, http.RequestAborted);
        if (order is null)
        {
            return await OrderPageAsync(number, http, merchant, orders, shipments, inventory, notifications, null, StatusCodes.Status404NotFound, null);
        }

        var values = form.Keys.ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal);
        var lines = new List<CreateShipmentLine>();
        string? problem = null;
        foreach (var line in order.Lines)
        {
            var raw = form[$"ship_{line.LineNumber}"].ToString().Trim();
            if (raw.Length == 0 || raw == "0")
            {
                continue;
            }

            if (!int.TryParse(raw, out var units) || units is < 1 or > 10_000)
            {
                problem = $"Enter a whole number of units for line {line.LineNumber} ({line.Sku}).";
                break;
            }

            lines.Add(new CreateShipmentLine(line.LineId, units));
        }

        var tracking = trackingNumber?.Trim() ?? "";
        problem ??= string.IsNullOrWhiteSpace(warehouse) ? "Choose the warehouse the parcel leaves from."
            : IMerchantShipments.Carriers.All(c => c.Code != carrier) ? "Choose a carrier."
            : tracking.Length is < 6 or > 60 ? "Enter the carrier's tracking number (6 to 60 characters)."
            : lines.Count == 0 ? "Enter how many units of at least one line are in the parcel." : null;
        if (problem is null)
        {
            try
            {
                var created = await shipments.CreateAsync(order.OrderNumber, new CreateShipmentRequest(warehouse!.Trim(), carrier!, tracking, lines), http.RequestAborted);
                MerchantContext.SetFlash(http, new Flash(true, created.OrderFullyShipped
                    ? $"Shipment {created.Shipment.TrackingNumber} created: the order is fully shipped."
                    : $"Shipment {created.Shipment.TrackingNumber} created: {created.Shipment.Lines.Sum(l => l.Quantity)} units shipped, the rest is still to ship.",
                    "Print the packing slip", $"/api/v1/shipments/{created.Shipment.Id}/packing-slip.pdf"));
                return Pages.SeeOther($"/merchant/orders/{order.OrderNumber}");
            }
            catch (DomainException exception)
            {
                return await OrderPageAsync(number, http, merchant, orders, shipments, inventory, notifications, exception.Message, StatusOf(exception), values);
            }
        }

        return await OrderPageAsync(number, http, merchant, orders, shipments, inventory, notifications, problem, StatusCodes.Status422UnprocessableEntity, values);
    }

    private static async Task<IResult> RefundAsync(string number, [FromForm] string? reason, IFormCollection form, HttpContext http, MerchantContext merchant,
        IMerchantOrders orders, IMerchantShipments shipments, IMerchantInventory inventory, INotificationService notifications)
    {
        var order = await orders.FindAsync(number, http.RequestAborted);
        if (order is null)
        {
            return await OrderPageAsync(number, http, merchant, orders, shipments, inventory, notifications, null, StatusCodes.Status404NotFound, null);
        }

        var values = form.Keys.ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal);
        var lines = new List<RefundLineInput>();
        string? problem = null;
        foreach (var line in order.Lines)
        {
            var raw = form[$"refund_{line.LineNumber}"].ToString().Trim();
            if (raw.Length == 0 || raw == "0")
            {
                continue;
            }

            if (!int.TryParse(raw, out var units) || units is < 1 or > 1000)
            {
                problem = $"Enter a whole number of units to refund for line {line.LineNumber} ({line.Sku}).";
                break;
            }

            lines.Add(new RefundLineInput(line.LineNumber, units, form[$"returned_{line.LineNumber}"] == "yes"));
        }

        var why = reason?.Trim();
        problem ??= lines.Count == 0 ? "Enter how many units of at least one line to refund."
            : why is { Length: > 40 } ? "The reason is at most 40 characters." : null;
        if (problem is null)
        {
            try
            {
                var refunded = await orders.RefundAsync(order.OrderNumber, lines, why, http.RequestAborted);
                var refund = refunded.Refunds[^1];
                MerchantContext.SetFlash(http, new Flash(true, $"Refunded {Storefront.Format.Money(refund.AmountPence)}; the customer is told by e-mail."));
                return Pages.SeeOther($"/merchant/orders/{order.OrderNumber}");
            }
            catch (DomainException exception)
            {
                return await OrderPageAsync(number, http, merchant, orders, shipments, inventory, notifications, exception.Message, StatusOf(exception), values);
            }
        }

        return await OrderPageAsync(number, http, merchant, orders, shipments, inventory, notifications, problem, StatusCodes.Status422UnprocessableEntity, values);
    }

    internal static int StatusOf(DomainException exception) => exception.Kind switch
    {
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status422UnprocessableEntity,
    };
}
