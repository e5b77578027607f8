using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Ordering;
using NovaTech.Fulfillment.Data;
using NovaTech.Fulfillment.Domain;
using Platform.Privacy;

namespace NovaTech.Fulfillment.Features.PersonalData;

internal sealed record ShipmentExport(
    string OrderNumber, string Carrier, string TrackingNumber, string Status, DateTimeOffset CreatedAt, ShipmentRecipient Recipient,
    IReadOnlyList<TrackingExport> Tracking);

internal sealed record TrackingExport(DateTimeOffset At, string Status, string? Description);

internal sealed record ShipmentsExport(IReadOnlyList<ShipmentExport> Shipments);

/// <summary>
/// Shipments of the person's orders (those placed signed in, from <see cref="ICustomerOrders"/>, and those addressed to
/// their confirmed e-mail): export with the delivery address and tracking; erasure replaces the recipient.
/// </summary>
internal sealed class ShipmentsPersonalData(FulfillmentDbContext db, ICustomerOrders orders, TimeProvider time) : IPersonalDataSource
{
    public string Name => "shipments";

    public async Task<object?> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var shipments = await (await OfAsync(subject, cancellationToken)).AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        return new ShipmentsExport([.. shipments.Select(s => new ShipmentExport(
            s.OrderNumber, s.Carrier, s.TrackingNumber, s.Status.ToString(), s.CreatedAt, s.Recipient,
            [.. s.Events.OrderBy(e => e.OccurredAt).Select(e => new TrackingExport(e.OccurredAt, e.Status.ToString(), e.Description))]))]);
    }

    public async Task EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var shipment in await (await OfAsync(subject, cancellationToken)).ToListAsync(cancellationToken))
        {
            shipment.EraseRecipient(now);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<IQueryable<Shipment>> OfAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var numbers = await orders.OrderNumbersAsync(subject.UserId, cancellationToken);
        var email = subject.Email is null ? null : SqlLike.Escape(subject.Email);
        return db.Shipments.Where(s => numbers.Contains(s.OrderNumber)
            || (email != null && EF.Functions.Like(s.Recipient.Email.ToLower(), email, SqlLike.EscapeCharacter)));
    }
}

internal static class ShipmentsPersonalDataRegistration
{
    public static IServiceCollection AddShipmentsPersonalData(this IServiceCollection services) =>
        services.AddPersonalDataSource<ShipmentsPersonalData>();
}
