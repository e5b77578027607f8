using Microsoft.EntityFrameworkCore;
using NovaTech.Ordering.Domain;
using Platform.Messaging;
using Platform.Persistence;

namespace NovaTech.Ordering.Data;

internal sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : DbContext(options)
{
    public const string Module = "ordering";

    public DbSet<Cart> Carts => Set<Cart>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<ProcessedWebhook> ProcessedWebhooks => Set<ProcessedWebhook>();

    public DbSet<SavedAddress> SavedAddresses => Set<SavedAddress>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Cart>(b =>
        {
            b.ToTable("carts");
            b.HasKey(c => c.Id);
            b.Property(c => c.Id).ValueGeneratedNever();
            b.Property(c => c.Status).HasMaxLength(20);
            b.Property(c => c.Version).IsConcurrencyToken();
            b.HasIndex(c => new { c.CustomerId, c.Status });
            b.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CartId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CartItem>(b =>
        {
            b.ToTable("cart_items");
            b.HasKey(i => new { i.CartId, i.Sku });
            b.Property(i => i.Sku).HasMaxLength(64);
        });

        modelBuilder.Entity<Order>(b =>
        {
            b.ToTable("orders");
            b.HasKey(o => o.Id);
            b.Property(o => o.Id).ValueGeneratedNever();
            b.HasIndex(o => o.Number).IsUnique();
            b.HasIndex(o => new { o.CustomerId, o.PlacedAt });
            b.Property(o => o.Number).HasMaxLength(20);
            b.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(o => o.Email).HasMaxLength(254);
            b.Property(o => o.GuestTokenHash).HasMaxLength(64);
            b.Property(o => o.ShippingMethod).HasMaxLength(20);
            b.Property(o => o.Currency).HasMaxLength(3);
            b.Property(o => o.PaymentSessionId).HasMaxLength(100);
            b.Property(o => o.CheckoutUrl).HasMaxLength(500);
            b.Property(o => o.PaymentIntentId).HasMaxLength(100);
            b.Property(o => o.PaymentFailureCode).HasMaxLength(100);
            b.Property(o => o.CancellationReason).HasMaxLength(40);
            b.Property(o => o.Version).IsConcurrencyToken();
            b.Property(o => o.Fulfilment).HasColumnName("fulfilment_stage").HasConversion<string>().HasMaxLength(20);
            b.Ignore(o => o.WasPaid);
            b.Ignore(o => o.FullyRefunded);
            b.Ignore(o => o.CanBeCancelledByCustomer);
            b.OwnsOne(o => o.ShippingAddress, a =>
            {
                // Shares the orders row: its key is the order's id column (the module convention renames columns as they are).
                a.Property<Guid>("OrderId").HasColumnName("id");
                a.Property(x => x.Name).HasColumnName("ship_name").HasMaxLength(100);
                a.Property(x => x.Line1).HasColumnName("ship_line1").HasMaxLength(100);
                a.Property(x => x.Line2).HasColumnName("ship_line2").HasMaxLength(100);
                a.Property(x => x.City).HasColumnName("ship_city").HasMaxLength(60);
                a.Property(x => x.Postcode).HasColumnName("ship_postcode").HasMaxLength(12);
                a.Property(x => x.Country).HasColumnName("ship_country").HasMaxLength(2);
                a.Ignore(x => x.Zone);
            });
            b.Navigation(o => o.ShippingAddress).IsRequired();
            b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(o => o.Refunds).WithOne().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(o => o.Shipments).WithOne().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrderId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<OrderShipment>(b =>
        {
            b.ToTable("order_shipments");
            b.HasKey(s => s.ShipmentId);
            b.Property(s => s.ShipmentId).ValueGeneratedNever();
            b.Property(s => s.Carrier).HasMaxLength(20);
            b.Property(s => s.TrackingNumber).HasMaxLength(60);
            b.Property(s => s.Status).HasMaxLength(20);
        });

        modelBuilder.Entity<OrderHistoryEntry>(b =>
        {
            b.ToTable("order_history");
            b.HasKey(h => new { h.OrderId, h.Sequence });
            b.Property(h => h.Sequence).ValueGeneratedNever();
            b.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(h => h.Note).HasMaxLength(300);
        });

        modelBuilder.Entity<OrderLine>(b =>
        {
            b.ToTable("order_lines");
            b.HasKey(l => new { l.OrderId, l.LineNumber });
            b.Property(l => l.Sku).HasMaxLength(64);
            b.Property(l => l.ProductName).HasMaxLength(200);
            b.Property(l => l.VariantName).HasMaxLength(200);
        });

        modelBuilder.Entity<OrderRefund>(b =>
        {
            b.ToTable("refunds");
            b.HasKey(r => r.Id);

            // Ids are made by the domain; a refund added to a loaded order must be inserted, not taken for an existing row.
            b.Property(r => r.Id).ValueGeneratedNever();
            b.Property(r => r.Reason).HasMaxLength(40);
            b.Property(r => r.Status).HasMaxLength(20);
            b.Property(r => r.ProviderRefundId).HasMaxLength(100);
            b.Property(r => r.Error).HasMaxLength(500);
            b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.RefundId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<OrderRefundLine>(b =>
        {
            b.ToTable("refund_lines");
            b.HasKey(l => new { l.RefundId, l.LineNumber });
        });

        modelBuilder.Entity<ProcessedWebhook>(b =>
        {
            b.ToTable("processed_webhooks");
            b.HasKey(w => w.EventId);
            b.Property(w => w.EventId).HasMaxLength(100);
            b.Property(w => w.Type).HasMaxLength(100);
            b.Property(w => w.OrderNumber).HasMaxLength(20);
        });

        modelBuilder.Entity<SavedAddress>(b =>
        {
            b.ToTable("saved_addresses");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).ValueGeneratedNever();
            b.HasIndex(a => new { a.CustomerId, a.CreatedAt });
            b.Property(a => a.Name).HasMaxLength(100);
            b.Property(a => a.Line1).HasMaxLength(100);
            b.Property(a => a.Line2).HasMaxLength(100);
            b.Property(a => a.City).HasMaxLength(60);
            b.Property(a => a.Postcode).HasMaxLength(12);
            b.Property(a => a.Country).HasMaxLength(2);
            b.Property(a => a.Version).IsConcurrencyToken();
        });

        modelBuilder.AddOutbox();
        modelBuilder.AddInbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}
