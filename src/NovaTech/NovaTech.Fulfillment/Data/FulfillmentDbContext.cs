using Microsoft.EntityFrameworkCore;
using NovaTech.Fulfillment.Domain;
using Platform.Messaging;
using Platform.Persistence;

namespace NovaTech.Fulfillment.Data;

/// <summary>The fulfilment module's tables (schema / prefix <c>fulfillment</c>).</summary>
internal sealed class FulfillmentDbContext(DbContextOptions<FulfillmentDbContext> options) : DbContext(options)
{
    public const string Module = "fulfillment";

    public DbSet<Shipment> Shipments => Set<Shipment>();

    public DbSet<OrderProgress> Orders => Set<OrderProgress>();

    public DbSet<ShippedQuantity> ShippedQuantities => Set<ShippedQuantity>();

    public DbSet<FulfillmentSetting> Settings => Set<FulfillmentSetting>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Shipment>(shipment =>
        {
            shipment.ToTable("shipments");
            shipment.HasKey(s => s.Id);
            shipment.Property(s => s.OrderNumber).HasMaxLength(40).IsRequired();
            shipment.Property(s => s.Warehouse).HasMaxLength(20).IsRequired();
            shipment.Property(s => s.Carrier).HasMaxLength(20).IsRequired();
            shipment.Property(s => s.TrackingNumber).HasMaxLength(40).IsRequired();
            shipment.Property(s => s.Status).HasConversion<string>().HasMaxLength(20).IsRequired();
            shipment.Property(s => s.Version).IsConcurrencyToken();
            shipment.Ignore(s => s.CarrierInfo);
            shipment.Ignore(s => s.TrackingUrl);
            shipment.HasIndex(s => new { s.Carrier, s.TrackingNumber }).IsUnique();
            shipment.HasIndex(s => s.OrderNumber);
            shipment.ComplexProperty(s => s.Recipient, recipient =>
            {
                recipient.Property(r => r.Email).HasColumnName("recipient_email").HasMaxLength(320).IsRequired();
                recipient.Property(r => r.Phone).HasColumnName("recipient_phone").HasMaxLength(20);
                recipient.Property(r => r.Name).HasColumnName("ship_to_name").HasMaxLength(200).IsRequired();
                recipient.Property(r => r.Line1).HasColumnName("ship_to_line1").HasMaxLength(200).IsRequired();
                recipient.Property(r => r.Line2).HasColumnName("ship_to_line2").HasMaxLength(200);
                recipient.Property(r => r.City).HasColumnName("ship_to_city").HasMaxLength(100).IsRequired();
                recipient.Property(r => r.Postcode).HasColumnName("ship_to_postcode").HasMaxLength(20).IsRequired();
                recipient.Property(r => r.Country).HasColumnName("ship_to_country").HasMaxLength(2).IsRequired();
            });
            shipment.OwnsMany(s => s.Lines, line =>
            {
                line.ToTable("shipment_lines");
                line.WithOwner().HasForeignKey("ShipmentId");
                line.HasKey("ShipmentId", nameof(ShipmentLine.LineId));
                line.Property(l => l.Sku).HasMaxLength(64).IsRequired();
                line.Property(l => l.Name).HasMaxLength(300).IsRequired();
            });
            shipment.OwnsMany(s => s.Events, evt =>
            {
                evt.ToTable("tracking_events");
                evt.WithOwner().HasForeignKey("ShipmentId");
                evt.HasKey(e => e.Id);
                evt.Property(e => e.Id).ValueGeneratedNever();
                evt.Property(e => e.CarrierEventId).HasMaxLength(100).IsRequired();
                evt.Property(e => e.Status).HasConversion<string>().HasMaxLength(20).IsRequired();
                evt.Property(e => e.Description).HasMaxLength(500);

                // A carrier event is recorded once per shipment, even when two deliveries of it race.
                evt.HasIndex("ShipmentId", nameof(TrackingEvent.CarrierEventId)).IsUnique();
            });
        });

        modelBuilder.Entity<OrderProgress>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.OrderNumber);
            order.Property(o => o.OrderNumber).HasMaxLength(40);
        });

        modelBuilder.Entity<ShippedQuantity>(shipped =>
        {
            shipped.ToTable("shipped_quantities");
            shipped.HasKey(s => new { s.OrderNumber, s.LineId });
            shipped.Property(s => s.OrderNumber).HasMaxLength(40);
        });

        modelBuilder.Entity<FulfillmentSetting>(setting =>
        {
            setting.ToTable("settings");
            setting.HasKey(s => s.Key);
            setting.Property(s => s.Key).HasMaxLength(100);
            setting.Property(s => s.Value).HasMaxLength(500).IsRequired();
        });

        modelBuilder.AddOutbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}

/// <summary>
/// One row per order being fulfilled. Every shipment or carrier update of the order first bumps <see cref="LockVersion"/>
/// in its transaction, which serialises them per order (row lock on PostgreSQL, the write lock on SQLite), so
/// "fully shipped" and "fully delivered" are decided on a consistent view.
/// </summary>
internal sealed class OrderProgress
{
    public string OrderNumber { get; set; } = "";

    public bool FullyShipped { get; set; }

    public long LockVersion { get; set; }
}

/// <summary>Units of an order line shipped so far; the conditional upsert on it is what stops over-shipping.</summary>
internal sealed class ShippedQuantity
{
    public string OrderNumber { get; set; } = "";

    public Guid LineId { get; set; }

    public int Quantity { get; set; }
}

/// <summary>Module settings, e.g. the generated carrier webhook secret.</summary>
internal sealed class FulfillmentSetting
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
