using Microsoft.EntityFrameworkCore;
using Nots.Fleet.Domain;
using Platform.Messaging;
using Platform.Persistence;

namespace Nots.Fleet.Data;

/// <summary>The fleet module's tables: drivers, vehicles and their assignment, compliance documents, sent expiry alerts, outbox.</summary>
internal sealed class FleetDbContext(DbContextOptions<FleetDbContext> options) : DbContext(options)
{
    public const string Module = "fleet";

    public DbSet<Driver> Drivers => Set<Driver>();

    public DbSet<Vehicle> Vehicles => Set<Vehicle>();

    public DbSet<VehicleDriver> VehicleDrivers => Set<VehicleDriver>();

    public DbSet<ComplianceDocument> Documents => Set<ComplianceDocument>();

    public DbSet<ComplianceAlert> Alerts => Set<ComplianceAlert>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Driver>(d =>
        {
            d.ToTable("drivers");
            d.HasKey(x => x.Id);
            d.Property(x => x.Id).ValueGeneratedNever();
            d.Property(x => x.Name).HasMaxLength(200).IsRequired();
            d.Property(x => x.Email).HasMaxLength(254).IsRequired();
            d.Property(x => x.EmailKey).HasMaxLength(254).IsRequired();
            d.Property(x => x.Phone).HasMaxLength(20).IsRequired();
            d.Property(x => x.LicenceNumber).HasMaxLength(16).IsRequired();
            d.Property(x => x.BadgeNumber).HasMaxLength(30).IsRequired();
            d.Property(x => x.Status).HasMaxLength(20).IsRequired();
            d.Property(x => x.Version).IsConcurrencyToken();
            d.Ignore(x => x.FirstName);
            d.Ignore(x => x.IsActive);
            d.HasIndex(x => x.UserId).IsUnique();
            d.HasIndex(x => x.EmailKey).IsUnique();
            d.HasIndex(x => x.LicenceNumber).IsUnique();
            d.HasIndex(x => x.BadgeNumber).IsUnique();
            d.HasIndex(x => new { x.Name, x.EmailKey });
        });

        modelBuilder.Entity<Vehicle>(v =>
        {
            v.ToTable("vehicles");
            v.HasKey(x => x.Id);
            v.Property(x => x.Id).ValueGeneratedNever();
            v.Property(x => x.Registration).HasMaxLength(10).IsRequired();
            v.Property(x => x.Make).HasMaxLength(50).IsRequired();
            v.Property(x => x.Model).HasMaxLength(50).IsRequired();
            v.Property(x => x.Colour).HasMaxLength(30).IsRequired();
            v.Property(x => x.VehicleClass).HasMaxLength(20).IsRequired();
            v.Property(x => x.PlateNumber).HasMaxLength(30).IsRequired();
            v.Property(x => x.Version).IsConcurrencyToken();
            v.Ignore(x => x.DriverIds);
            v.HasIndex(x => x.Registration).IsUnique();
            v.HasIndex(x => x.PlateNumber).IsUnique();
            v.HasMany(x => x.Drivers).WithOne().HasForeignKey(x => x.VehicleId).OnDelete(DeleteBehavior.Cascade);
            v.Navigation(x => x.Drivers).UsePropertyAccessMode(PropertyAccessMode.Field);
        });

        modelBuilder.Entity<VehicleDriver>(a =>
        {
            a.ToTable("vehicle_drivers");
            a.HasKey(x => new { x.VehicleId, x.DriverId });
            a.HasIndex(x => x.DriverId);
        });

        modelBuilder.Entity<ComplianceDocument>(c =>
        {
            c.ToTable("compliance_documents");
            c.HasKey(x => x.Id);
            c.Property(x => x.Id).ValueGeneratedNever();
            c.Property(x => x.OwnerType).HasMaxLength(10).IsRequired();
            c.Property(x => x.DocumentType).HasMaxLength(30).IsRequired();
            c.Property(x => x.Status).HasConversion<string>().HasMaxLength(20).IsRequired();
            c.Property(x => x.FileKey).HasMaxLength(300).IsRequired();
            c.Property(x => x.ContentType).HasMaxLength(100).IsRequired();
            c.Property(x => x.Sha256).HasMaxLength(64).IsRequired();
            c.Property(x => x.FileName).HasMaxLength(255);
            c.Property(x => x.RejectionReason).HasMaxLength(500);
            c.Property(x => x.Version).IsConcurrencyToken();
            c.HasIndex(x => new { x.OwnerId, x.DocumentType, x.Status });
            c.HasIndex(x => new { x.Status, x.EffectiveExpiresOn });
            c.HasIndex(x => x.FileKey).IsUnique();
        });

        modelBuilder.Entity<ComplianceAlert>(a =>
        {
            a.ToTable("compliance_alerts");
            a.HasKey(x => new { x.DocumentId, x.ThresholdDays });
        });

        modelBuilder.AddOutbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}
