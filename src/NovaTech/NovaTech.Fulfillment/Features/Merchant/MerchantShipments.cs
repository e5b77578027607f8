using NovaTech.Contracts.Ordering;
using NovaTech.Fulfillment.Data;
using NovaTech.Fulfillment.Features.CreateShipment;

namespace NovaTech.Fulfillment.Features.Merchant;

/// <summary>A carrier a shipment can go with.</summary>
public sealed record CarrierOption(string Code, string Name);

/// <summary>
/// The fulfilment module's surface for the host's merchant console: the same handlers as <c>GET orders/{number}/shipments</c>
/// and <c>POST orders/{number}/shipments</c> (so the over-shipping guard, events and e-mails are identical). Callers
/// authorise first (staff; merchant or admin to ship). The packing slip is <c>GET shipments/{id}/packing-slip.pdf</c>.
/// </summary>
public interface IMerchantShipments
{
    /// <summary>The carriers NovaTech ships with.</summary>
    static IReadOnlyList<CarrierOption> Carriers { get; } = [.. Domain.Carriers.All.Select(c => new CarrierOption(c.Code, c.Name))];

    /// <summary>Every shipment of the order, oldest first, with its tracking timeline.</summary>
    Task<IReadOnlyList<ShipmentResponse>> ListAsync(string orderNumber, CancellationToken cancellationToken);

    /// <summary>Ships units of a paid order (the caller has checked the request's fields).</summary>
    /// <exception cref="Platform.Web.DomainException">The API's codes: order not shippable, over-shipment, tracking number in use…</exception>
    Task<CreatedShipmentResponse> CreateAsync(string orderNumber, CreateShipmentRequest request, CancellationToken cancellationToken);
}

internal sealed class MerchantShipments(IOrderLookup orders, FulfillmentDbContext db, TimeProvider time) : IMerchantShipments
{
    public async Task<IReadOnlyList<ShipmentResponse>> ListAsync(string orderNumber, CancellationToken cancellationToken) =>
        (await ListShipments.ListShipments.ListAsync(orderNumber, db, cancellationToken)).Value!;

    public async Task<CreatedShipmentResponse> CreateAsync(string orderNumber, CreateShipmentRequest request, CancellationToken cancellationToken) =>
        (await CreateShipment.CreateShipment.HandleAsync(orderNumber, request, orders, db, time, cancellationToken)).Value!;
}
