using Microsoft.EntityFrameworkCore;
using NovaTech.Inventory.Domain;
using Platform.Messaging;
using Platform.Persistence;

namespace NovaTech.Inventory.Data;

internal sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : DbContext(options)
{
    public const string Module = "inventory";

    public DbSet<Warehouse> Warehouses => Set<Warehouse>();

    public DbSet<StockLevel> StockLevels => Set<StockLevel>();

    public DbSet<StockMovement> Movements => Set<StockMovement>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<ReservedStock> ReservedStock => Set<ReservedStock>();

    public DbSet<StockAlert> StockAlerts => Set<StockAlert>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Warehouse>(b =>
        {
            b.ToTable("warehouses");
            b.HasKey(w => w.Code);
            b.Property(w => w.Code).HasMaxLength(16);
            b.Property(w => w.Name).HasMaxLength(100);
            b.Property(w => w.Country).HasMaxLength(2);
            b.Property(w => w.Address).HasMaxLength(500);
        });

        modelBuilder.Entity<StockLevel>(b =>
        {
            b.ToTable("stock_levels", t =>
            {
                t.HasCheckConstraint("CK_stock_levels_on_hand", "on_hand >= 0");
                t.HasCheckConstraint("CK_stock_levels_reserved", "reserved >= 0 AND reserved <= on_hand");
            });
            b.HasKey(s => new { s.Sku, s.WarehouseCode });
            b.Property(s => s.Sku).HasMaxLength(64);
            b.Property(s => s.WarehouseCode).HasMaxLength(16);
            b.Ignore(s => s.Available);
            b.HasIndex(s => s.WarehouseCode);
        });

        modelBuilder.Entity<StockMovement>(b =>
        {
            b.ToTable("stock_movements");
            b.HasKey(m => m.Id);
            b.Property(m => m.Sku).HasMaxLength(64);
            b.Property(m => m.WarehouseCode).HasMaxLength(16);
            b.Property(m => m.Reason).HasMaxLength(20);
            b.Property(m => m.Reference).HasMaxLength(100);
            b.Property(m => m.IdempotencyKey).HasMaxLength(100);
            b.Property(m => m.Actor).HasMaxLength(100);
            b.HasIndex(m => new { m.Sku, m.OccurredAt });
            b.HasIndex(m => m.IdempotencyKey).IsUnique();
        });

        modelBuilder.Entity<Reservation>(b =>
        {
            b.ToTable("reservations");
            b.HasKey(r => r.Id);
            b.Property(r => r.Reference).HasMaxLength(40);
            b.Property(r => r.Status).HasMaxLength(20);
            b.HasIndex(r => new { r.Status, r.ExpiresAt });
            b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReservationId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ReservedStock>(b =>
        {
            b.ToTable("reservation_lines");
            b.HasKey(l => new { l.ReservationId, l.Sku, l.WarehouseCode });
            b.Property(l => l.Sku).HasMaxLength(64);
            b.Property(l => l.WarehouseCode).HasMaxLength(16);
        });

        modelBuilder.Entity<StockAlert>(b =>
        {
            b.ToTable("stock_alerts");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).ValueGeneratedNever();
            b.Property(a => a.Sku).HasMaxLength(64);
            b.Property(a => a.Email).HasMaxLength(254);
            b.Property(a => a.ProductName).HasMaxLength(200);
            b.Property(a => a.Slug).HasMaxLength(200);
            b.Property(a => a.Version).IsConcurrencyToken();
            b.Ignore(a => a.IsOpen);

            // One open alert per SKU and address; the handler finds a SKU's open alerts by the same index.
            b.HasIndex(a => new { a.Sku, a.Email }).IsUnique().HasFilter("notified_at IS NULL AND unsubscribed_at IS NULL");
        });

        modelBuilder.AddOutbox();
        modelBuilder.AddInbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}
