using Microsoft.EntityFrameworkCore;
using Nots.Bookings.Domain;
using Platform.Messaging;
using Platform.Persistence;

namespace Nots.Bookings.Data;

/// <summary>The bookings module's tables: bookings and their history, payments, refunds, webhook dedupe, outbox.</summary>
internal sealed class BookingsDbContext(DbContextOptions<BookingsDbContext> options) : DbContext(options)
{
    public const string Module = "bookings";

    public DbSet<Booking> Bookings => Set<Booking>();

    public DbSet<BookingHistoryEntry> History => Set<BookingHistoryEntry>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<ProcessedWebhookEvent> WebhookEvents => Set<ProcessedWebhookEvent>();

    public DbSet<ManageToken> ManageTokens => Set<ManageToken>();

    /// <summary>
    /// A booking's history sequence is its version, so two writers of one booking also collide on the history key
    /// (it can be inserted before the versioned UPDATE runs). That collision is the same lost race as a stale
    /// version: report it as one, so callers see 409 / retry instead of a 500.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException
            && ex.InnerException?.Message.Contains("booking_history", StringComparison.Ordinal) == true)
        {
            throw new DbUpdateConcurrencyException("The booking was changed by someone else at the same time.", ex);
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Booking>(b =>
        {
            b.ToTable("bookings");
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).ValueGeneratedNever();
            b.Property(x => x.Reference).HasMaxLength(16).IsRequired();
            b.HasIndex(x => x.Reference).IsUnique();
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(30).IsRequired();
            b.Property(x => x.Version).IsConcurrencyToken();
            b.Property(x => x.Channel).HasMaxLength(20).IsRequired();
            b.Property(x => x.TakenBy).HasMaxLength(320);
            b.Property(x => x.CustomerId).HasMaxLength(100);
            b.Property(x => x.VehicleClass).HasMaxLength(50).IsRequired();
            b.Property(x => x.TariffVersion).HasMaxLength(100).IsRequired();
            b.Property(x => x.JourneyJson).IsRequired();
            b.Property(x => x.PickupName).HasMaxLength(500).IsRequired();
            b.Property(x => x.DropoffName).HasMaxLength(500).IsRequired();
            b.Property(x => x.Currency).HasMaxLength(3).IsRequired();
            b.Property(x => x.PriceLinesJson).IsRequired();
            b.Property(x => x.PassengerName).HasMaxLength(200).IsRequired();
            b.Property(x => x.PassengerEmail).HasMaxLength(320).IsRequired();
            b.Property(x => x.PassengerPhone).HasMaxLength(20).IsRequired();
            b.Property(x => x.Notes).HasMaxLength(1000);
            b.Property(x => x.FlightNumber).HasMaxLength(10);
            b.Property(x => x.DriverName).HasMaxLength(200);
            b.Property(x => x.DriverBadge).HasMaxLength(50);
            b.Property(x => x.VehicleRegistration).HasMaxLength(20);
            b.Property(x => x.VehiclePlate).HasMaxLength(50);
            b.Property(x => x.DispatchedBy).HasMaxLength(320);
            b.Property(x => x.DistanceMiles).HasPrecision(8, 1);
            b.Property(x => x.DriverFirstName).HasMaxLength(100);
            b.Property(x => x.VehicleDescription).HasMaxLength(200);
            b.Ignore(x => x.NetPaidPence);
            b.Ignore(x => x.BalanceDuePence);
            b.Ignore(x => x.IsAmendable);
            b.HasMany(x => x.History).WithOne().HasForeignKey(h => h.BookingId).OnDelete(DeleteBehavior.Cascade);
            b.Navigation(x => x.History).UsePropertyAccessMode(PropertyAccessMode.Field);
            b.HasIndex(x => x.CustomerId);
            b.HasIndex(x => new { x.PickupAt, x.Reference });
            b.HasIndex(x => x.Status);
        });

        modelBuilder.Entity<BookingHistoryEntry>(h =>
        {
            h.ToTable("booking_history");
            h.HasKey(x => new { x.BookingId, x.Sequence });
            h.Property(x => x.Sequence).ValueGeneratedNever();
            h.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30).IsRequired();
            h.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(30);
            h.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(30);
            h.Property(x => x.Detail).HasMaxLength(500);
        });

        modelBuilder.Entity<Payment>(p =>
        {
            p.ToTable("payments");
            p.HasKey(x => x.Id);
            p.Property(x => x.Id).ValueGeneratedNever();
            p.Property(x => x.BookingReference).HasMaxLength(16).IsRequired();
            p.Property(x => x.Purpose).HasMaxLength(20).IsRequired();
            p.Property(x => x.Currency).HasMaxLength(3).IsRequired();
            p.Property(x => x.Provider).HasMaxLength(20).IsRequired();
            p.Property(x => x.SessionId).HasMaxLength(200);
            p.Property(x => x.CheckoutUrl).HasMaxLength(2048);
            p.Property(x => x.PaymentIntentId).HasMaxLength(200);
            p.Property(x => x.Status).HasConversion<string>().HasMaxLength(30).IsRequired();
            p.Property(x => x.FailureCode).HasMaxLength(100);
            p.Property(x => x.Version).IsConcurrencyToken();
            p.Ignore(x => x.RefundablePence);
            p.HasIndex(x => x.SessionId).IsUnique();
            p.HasIndex(x => x.BookingId);
            p.HasIndex(x => x.PaymentIntentId);
        });

        modelBuilder.Entity<Refund>(r =>
        {
            r.ToTable("refunds");
            r.HasKey(x => x.Id);
            r.Property(x => x.Id).ValueGeneratedNever();
            r.Property(x => x.PaymentIntentId).HasMaxLength(200).IsRequired();
            r.Property(x => x.Reason).HasMaxLength(200).IsRequired();
            r.Property(x => x.Status).HasConversion<string>().HasMaxLength(30).IsRequired();
            r.Property(x => x.ProviderRefundId).HasMaxLength(200);
            r.Property(x => x.LastError).HasMaxLength(500);
            r.Ignore(x => x.IdempotencyKey);
            r.HasIndex(x => x.BookingId);
            r.HasIndex(x => new { x.Status, x.NextAttemptAt });
        });

        modelBuilder.Entity<ProcessedWebhookEvent>(e =>
        {
            e.ToTable("webhook_events");
            e.HasKey(x => x.EventId);
            e.Property(x => x.EventId).HasMaxLength(200);
            e.Property(x => x.Type).HasMaxLength(100).IsRequired();
        });

        modelBuilder.Entity<ManageToken>(t =>
        {
            t.ToTable("manage_tokens");
            t.HasKey(x => x.TokenHash);
            t.Property(x => x.TokenHash).HasMaxLength(64);
            t.HasIndex(x => x.BookingId);
        });

        modelBuilder.AddOutbox();
        modelBuilder.AddInbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}
