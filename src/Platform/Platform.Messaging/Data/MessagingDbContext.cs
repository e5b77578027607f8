using Microsoft.EntityFrameworkCore;
using Platform.Persistence;

namespace Platform.Messaging.Data;

/// <summary>The messaging module's own tables: the durable delivery queue of the in-process transport.</summary>
internal sealed class MessagingDbContext(DbContextOptions<MessagingDbContext> options) : DbContext(options)
{
    public const string Module = "messaging";

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Delivery>(delivery =>
        {
            delivery.ToTable("deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).ValueGeneratedNever();
            delivery.Property(d => d.Consumer).HasMaxLength(300).IsRequired();
            delivery.Property(d => d.MessageType).HasMaxLength(300).IsRequired();
            delivery.Property(d => d.Payload).IsRequired();
            delivery.Property(d => d.CorrelationId).HasMaxLength(100);
            delivery.Property(d => d.Status).HasMaxLength(16).IsRequired();
            delivery.Property(d => d.LockedBy).HasMaxLength(200);
            delivery.Property(d => d.LastError).HasMaxLength(2000);
            delivery.HasIndex(d => new { d.MessageId, d.Consumer }).IsUnique();
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        });
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}

/// <summary>One message for one consumer: pending until handled (done) or given up on (dead).</summary>
internal sealed class Delivery
{
    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    public string Consumer { get; set; } = "";

    public string MessageType { get; set; } = "";

    public string Payload { get; set; } = "";

    public string? CorrelationId { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string Status { get; set; } = DeliveryStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public string? LockedBy { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? HandledAt { get; set; }
}

internal static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Dead = "dead";
}
