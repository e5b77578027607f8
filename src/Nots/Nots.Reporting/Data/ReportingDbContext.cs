using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Persistence;

namespace Nots.Reporting.Data;

/// <summary>
/// The reporting module's read model: one row per confirmed booking, kept up to date from integration events, which the
/// analytics and the statutory records are read from (never the bookings module's tables).
/// </summary>
internal sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    public const string Module = "reporting";

    public DbSet<BookingFact> Bookings => Set<BookingFact>();

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<OfferFact> Offers => Set<OfferFact>();

    public DbSet<DutyChange> DutyChanges => Set<DutyChange>();

    public DbSet<JobTime> JobTimes => Set<JobTime>();

    public DbSet<DriverName> Drivers => Set<DriverName>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BookingFact>(fact =>
        {
            fact.ToTable("booking_facts");
            fact.HasKey(f => f.BookingId);
            fact.Property(f => f.Reference).HasMaxLength(20).IsRequired();
            fact.Property(f => f.Channel).HasMaxLength(20).IsRequired();
            fact.Property(f => f.VehicleClass).HasMaxLength(40).IsRequired();
            fact.Property(f => f.PickupName).HasMaxLength(300).IsRequired();
            fact.Property(f => f.DropoffName).HasMaxLength(300).IsRequired();
            fact.Property(f => f.FlightNumber).HasMaxLength(10);
            fact.Property(f => f.Currency).HasMaxLength(3).IsRequired();
            fact.Property(f => f.Status).HasMaxLength(20).IsRequired();
            fact.Property(f => f.HirerName).HasMaxLength(200);
            fact.Property(f => f.DriverName).HasMaxLength(200);
            fact.Property(f => f.BadgeNumber).HasMaxLength(50);
            fact.Property(f => f.VehicleRegistration).HasMaxLength(20);
            fact.Property(f => f.PlateNumber).HasMaxLength(50);
            fact.Property(f => f.Dispatcher).HasMaxLength(100);
            fact.HasIndex(f => f.Reference).IsUnique();
            fact.HasIndex(f => f.ConfirmedAt);
            fact.HasIndex(f => f.PickupAt);
        });
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Action).HasMaxLength(100).IsRequired();
            entry.Property(e => e.SubjectType).HasMaxLength(40).IsRequired();
            entry.Property(e => e.SubjectId).HasMaxLength(100).IsRequired();
            entry.Property(e => e.Summary).HasMaxLength(500).IsRequired();
            entry.HasIndex(e => new { e.OccurredAt, e.Id });
            entry.HasIndex(e => new { e.SubjectType, e.SubjectId });
            entry.HasIndex(e => e.ActorUserId);
        });
        modelBuilder.Entity<OfferFact>(offer =>
        {
            offer.ToTable("offer_facts");
            offer.HasKey(o => o.Id);
            offer.Property(o => o.Outcome).HasMaxLength(20).IsRequired();
            offer.HasIndex(o => o.OfferedAt);
        });
        modelBuilder.Entity<DutyChange>(duty =>
        {
            duty.ToTable("duty_changes");
            duty.HasKey(d => d.Id);
            duty.HasIndex(d => new { d.DriverId, d.At });
            duty.HasIndex(d => d.At);
        });
        modelBuilder.Entity<JobTime>(job =>
        {
            job.ToTable("job_times");
            job.HasKey(j => j.JobId);
            job.HasIndex(j => j.StartedAt);
        });
        modelBuilder.Entity<DriverName>(driver =>
        {
            driver.ToTable("drivers");
            driver.HasKey(d => d.DriverId);
            driver.Property(d => d.Name).HasMaxLength(200).IsRequired();
        });
        modelBuilder.AddInbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}

/// <summary>Booking statuses as the reports count them.</summary>
internal static class FactStatus
{
    public const string Confirmed = "Confirmed";
    public const string Cancelled = "Cancelled";
    public const string Completed = "Completed";
    public const string NoShow = "NoShow";
}

/// <summary>A confirmed booking as the reports see it.</summary>
internal sealed class BookingFact
{
    public Guid BookingId { get; set; }

    public string Reference { get; set; } = "";

    public string Channel { get; set; } = "";

    public string VehicleClass { get; set; } = "";

    public string PickupName { get; set; } = "";

    public string DropoffName { get; set; } = "";

    public int Passengers { get; set; }

    public string? FlightNumber { get; set; }

    public int TotalPence { get; set; }

    public string Currency { get; set; } = "GBP";

    /// <summary>When payment confirmed the booking: the booking's date for the reports.</summary>
    public DateTimeOffset ConfirmedAt { get; set; }

    public DateTimeOffset PickupAt { get; set; }

    public string Status { get; set; } = FactStatus.Confirmed;

    /// <summary>When the last applied amendment was made (event time); null until one is applied.</summary>
    public DateTimeOffset? ChangedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public int CancellationFeePence { get; set; }

    public int RefundPence { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The hirer (lead passenger) as booked: a statutory record field.</summary>
    public string? HirerName { get; set; }

    /// <summary>The driver allocated, from dispatch (statutory record fields from here to <see cref="Dispatcher"/>).</summary>
    public string? DriverName { get; set; }

    public string? BadgeNumber { get; set; }

    public string? VehicleRegistration { get; set; }

    public string? PlateNumber { get; set; }

    public DateTimeOffset? AllocatedAt { get; set; }

    /// <summary>The dispatcher's user id, or <c>auto-dispatch</c>.</summary>
    public string? Dispatcher { get; set; }

    /// <summary>When the booking's personal data was erased; a late confirmation then does not bring the flight or name back.</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; set; }

    /// <summary>What the company keeps: the fare (also for a no-show), or only the fee once cancelled.</summary>
    public int RevenuePence => Status == FactStatus.Cancelled ? CancellationFeePence : TotalPence;
}

/// <summary>One staff (or driver) action, as the event that recorded it described it. Append-only.</summary>
internal sealed class AuditEntry
{
    public Guid Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public Guid? ActorUserId { get; set; }

    public string Action { get; set; } = "";

    public string SubjectType { get; set; } = "";

    public string SubjectId { get; set; } = "";

    public string Summary { get; set; } = "";

    public string? BeforeJson { get; set; }

    public string? AfterJson { get; set; }
}

/// <summary>One offer to a driver and how it ended (dispatch acceptance rate and time to accept).</summary>
internal sealed class OfferFact
{
    /// <summary>The id of the event that reported it (a redelivery adds nothing).</summary>
    public Guid Id { get; set; }

    public Guid JobId { get; set; }

    public Guid DriverId { get; set; }

    /// <summary><c>accepted</c>, <c>rejected</c> or <c>expired</c>.</summary>
    public string Outcome { get; set; } = "";

    public DateTimeOffset OfferedAt { get; set; }

    public DateTimeOffset ResolvedAt { get; set; }
}

/// <summary>A driver going on or off duty; on-duty time is read from the sequence, so late deliveries are harmless.</summary>
internal sealed class DutyChange
{
    /// <summary>The id of the event that reported it.</summary>
    public Guid Id { get; set; }

    public Guid DriverId { get; set; }

    public bool OnDuty { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A job's time on the road: from setting off (en route) to completed or no-show.</summary>
internal sealed class JobTime
{
    public Guid JobId { get; set; }

    public Guid? DriverId { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
}

/// <summary>A driver's name as last reported (for the utilisation table).</summary>
internal sealed class DriverName
{
    public Guid DriverId { get; set; }

    public string Name { get; set; } = "";
}
