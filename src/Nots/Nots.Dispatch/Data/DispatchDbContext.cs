using Microsoft.EntityFrameworkCore;
using Nots.Dispatch.Domain;
using Platform.Messaging;
using Platform.Persistence;

namespace Nots.Dispatch.Data;

/// <summary>The dispatch module's tables: jobs, their allocations, driver positions, allocation locks, the board counter.</summary>
internal sealed class DispatchDbContext(DbContextOptions<DispatchDbContext> options) : DbContext(options)
{
    public const string Module = "dispatch";

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<JobAllocation> Allocations => Set<JobAllocation>();

    public DbSet<DriverPosition> Positions => Set<DriverPosition>();

    public DbSet<AllocationLock> Locks => Set<AllocationLock>();

    public DbSet<BoardState> Board => Set<BoardState>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Job>(j =>
        {
            j.ToTable("jobs");
            j.HasKey(x => x.Id);
            j.Property(x => x.Id).ValueGeneratedNever();
            j.HasIndex(x => x.BookingId).IsUnique();
            j.Property(x => x.BookingReference).HasMaxLength(16).IsRequired();
            j.HasIndex(x => x.BookingReference).IsUnique();
            j.Property(x => x.VehicleClass).HasMaxLength(50).IsRequired();
            j.Property(x => x.PickupName).HasMaxLength(500).IsRequired();
            j.Property(x => x.DropoffName).HasMaxLength(500).IsRequired();
            j.Property(x => x.DistanceMiles).HasPrecision(8, 1);
            j.Property(x => x.LeadPassengerName).HasMaxLength(200);
            j.Property(x => x.FlightNumber).HasMaxLength(16);
            j.Property(x => x.Status).HasMaxLength(20).IsRequired();
            j.Property(x => x.Version).IsConcurrencyToken();
            j.Property(x => x.Mode).HasMaxLength(10);
            j.Property(x => x.DispatcherUserId).HasMaxLength(100);
            j.Property(x => x.Note).HasMaxLength(500);
            j.Ignore(x => x.IsAssignable);
            j.Ignore(x => x.IsActive);
            j.HasIndex(x => new { x.DriverId, x.PickupAt });
            j.HasIndex(x => new { x.VehicleId, x.PickupAt });
            j.HasIndex(x => new { x.Status, x.PickupAt });
            j.HasIndex(x => new { x.Status, x.OfferExpiresAt });
            j.HasIndex(x => x.BoardVersion);
        });

        modelBuilder.Entity<JobAllocation>(a =>
        {
            a.ToTable("allocations");
            a.HasKey(x => x.Id);
            a.Property(x => x.Id).ValueGeneratedNever();
            a.Property(x => x.Mode).HasMaxLength(10).IsRequired();
            a.Property(x => x.Status).HasMaxLength(20).IsRequired();
            a.Property(x => x.DispatcherUserId).HasMaxLength(100);
            // At most one live allocation per job, whatever the nodes do.
            a.HasIndex(x => x.JobId).IsUnique().HasFilter("status IN ('Offered', 'Active')").HasDatabaseName("IX_allocations_live_job");
            a.HasIndex(x => new { x.JobId, x.OfferedAt });
            a.HasIndex(x => new { x.DriverId, x.OfferedAt });
        });

        modelBuilder.Entity<DriverPosition>(p =>
        {
            p.ToTable("driver_positions");
            p.HasKey(x => x.DriverId);
            p.Property(x => x.DriverId).ValueGeneratedNever();
        });

        modelBuilder.Entity<AllocationLock>(l =>
        {
            l.ToTable("allocation_locks");
            l.HasKey(x => x.Key);
            l.Property(x => x.Key).HasMaxLength(60);
        });

        modelBuilder.Entity<BoardState>(b =>
        {
            b.ToTable("board_state");
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).ValueGeneratedNever();
        });

        modelBuilder.AddOutbox();
        modelBuilder.AddInbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}
