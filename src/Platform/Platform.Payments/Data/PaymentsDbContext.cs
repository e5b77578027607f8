using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Platform.Persistence;

namespace Platform.Payments.Data;

/// <summary>
/// The payments module's tables: the Sandbox provider's sessions, refunds and webhook events (its stand-in
/// for Stripe's own database) and module settings such as the generated development webhook secret.
/// </summary>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    /// <summary>Schema (PostgreSQL) or table prefix (SQLite).</summary>
    public const string Module = "payments";

    internal DbSet<SandboxSessionRow> Sessions => Set<SandboxSessionRow>();

    internal DbSet<SandboxRefundRow> Refunds => Set<SandboxRefundRow>();

    internal DbSet<SandboxEventRow> Events => Set<SandboxEventRow>();

    internal DbSet<PaymentsSettingRow> Settings => Set<PaymentsSettingRow>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<SandboxSessionRow>(session =>
        {
            session.ToTable("sandbox_sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Id).HasMaxLength(100);
            session.Property(s => s.ClientReferenceId).HasMaxLength(200);
            session.Property(s => s.Currency).HasMaxLength(3).IsRequired();
            session.Property(s => s.Description).HasMaxLength(500).IsRequired();
            session.Property(s => s.LineItemsJson).IsRequired();
            session.Property(s => s.CustomerEmail).HasMaxLength(320);
            session.Property(s => s.SuccessUrl).HasMaxLength(2048).IsRequired();
            session.Property(s => s.CancelUrl).HasMaxLength(2048).IsRequired();
            session.Property(s => s.MetadataJson).IsRequired();
            session.Property(s => s.Status).HasMaxLength(20).IsRequired();
            session.Property(s => s.PaymentStatus).HasMaxLength(20).IsRequired();
            session.Property(s => s.PaymentIntentId).HasMaxLength(100);
            session.Property(s => s.ChargeId).HasMaxLength(100);
            session.Property(s => s.FormToken).HasMaxLength(100).IsRequired();
            session.Property(s => s.IdempotencyKey).HasMaxLength(255);
            session.Property(s => s.RequestHash).HasMaxLength(64);
            session.Property(s => s.WebhookUrl).HasMaxLength(2048);
            session.Property(s => s.Version).IsConcurrencyToken();
            session.HasIndex(s => s.IdempotencyKey).IsUnique();
            session.HasIndex(s => s.PaymentIntentId).IsUnique();
        });

        modelBuilder.Entity<SandboxRefundRow>(refund =>
        {
            refund.ToTable("sandbox_refunds");
            refund.HasKey(r => r.Id);
            refund.Property(r => r.Id).HasMaxLength(100);
            refund.Property(r => r.SessionId).HasMaxLength(100).IsRequired();
            refund.Property(r => r.PaymentIntentId).HasMaxLength(100).IsRequired();
            refund.Property(r => r.ChargeId).HasMaxLength(100).IsRequired();
            refund.Property(r => r.Currency).HasMaxLength(3).IsRequired();
            refund.Property(r => r.Reason).HasMaxLength(50);
            refund.Property(r => r.Status).HasMaxLength(20).IsRequired();
            refund.Property(r => r.MetadataJson).IsRequired();
            refund.Property(r => r.IdempotencyKey).HasMaxLength(255);
            refund.Property(r => r.RequestHash).HasMaxLength(64);
            refund.HasIndex(r => r.IdempotencyKey).IsUnique();
            refund.HasIndex(r => r.PaymentIntentId);
        });

        modelBuilder.Entity<SandboxEventRow>(evt =>
        {
            evt.ToTable("sandbox_events");
            evt.HasKey(e => e.Id);
            evt.Property(e => e.Id).HasMaxLength(100);
            evt.Property(e => e.Type).HasMaxLength(100).IsRequired();
            evt.Property(e => e.ObjectId).HasMaxLength(100).IsRequired();
            evt.Property(e => e.Payload).IsRequired();
            evt.Property(e => e.TargetUrl).HasMaxLength(2048);
            evt.Property(e => e.Status).HasMaxLength(20).IsRequired();
            evt.Property(e => e.LastError).HasMaxLength(1000);
            evt.HasIndex(e => new { e.Status, e.NextAttemptAt });
            evt.HasIndex(e => e.ObjectId);
        });

        modelBuilder.Entity<PaymentsSettingRow>(setting =>
        {
            setting.ToTable("settings");
            setting.HasKey(s => s.Key);
            setting.Property(s => s.Key).HasMaxLength(100);
            setting.Property(s => s.Value).IsRequired();
        });

        if (!Database.IsNpgsql())
        {
            // SQLite cannot compare DateTimeOffset text in SQL; the binary form is an ordered integer.
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties())
                .Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)))
            {
                property.SetValueConverter(new DateTimeOffsetToBinaryConverter());
            }
        }

        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}

internal sealed class SandboxSessionRow
{
    public string Id { get; set; } = "";

    public string? ClientReferenceId { get; set; }

    public long AmountTotal { get; set; }

    public string Currency { get; set; } = "";

    public string Description { get; set; } = "";

    public string LineItemsJson { get; set; } = "[]";

    public string? CustomerEmail { get; set; }

    public string SuccessUrl { get; set; } = "";

    public string CancelUrl { get; set; } = "";

    public string MetadataJson { get; set; } = "{}";

    public string Status { get; set; } = "open";

    public string PaymentStatus { get; set; } = "unpaid";

    public string? PaymentIntentId { get; set; }

    public string? ChargeId { get; set; }

    public long AmountRefunded { get; set; }

    public string FormToken { get; set; } = "";

    public string? IdempotencyKey { get; set; }

    public string? RequestHash { get; set; }

    public string? WebhookUrl { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public int Version { get; set; }
}

internal sealed class SandboxRefundRow
{
    public string Id { get; set; } = "";

    public string SessionId { get; set; } = "";

    public string PaymentIntentId { get; set; } = "";

    public string ChargeId { get; set; } = "";

    public long Amount { get; set; }

    public string Currency { get; set; } = "";

    public string? Reason { get; set; }

    public string Status { get; set; } = "succeeded";

    public string MetadataJson { get; set; } = "{}";

    public string? IdempotencyKey { get; set; }

    public string? RequestHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class SandboxEventRow
{
    public string Id { get; set; } = "";

    public string Type { get; set; } = "";

    public string ObjectId { get; set; } = "";

    public string Payload { get; set; } = "";

    public string? TargetUrl { get; set; }

    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c> (gave up; kept for an admin to see).</summary>
    public string Status { get; set; } = "pending";

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Lease: a node delivering the event owns it until then, so nodes never send it concurrently.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}

internal sealed class PaymentsSettingRow
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
