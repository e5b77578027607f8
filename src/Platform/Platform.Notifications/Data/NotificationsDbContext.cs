using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Platform.Messaging;
using Platform.Persistence;

namespace Platform.Notifications.Data;

/// <summary>The notifications module's tables: the delivery log (with content to resend) and the SMS log.</summary>
internal sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public const string Module = "notifications";

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<DeliveryAttachment> DeliveryAttachments => Set<DeliveryAttachment>();

    public DbSet<SmsLogEntry> SmsMessages => Set<SmsLogEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (!Database.IsNpgsql())
        {
            // SQLite cannot compare DateTimeOffset stored as text; as a number it orders and filters correctly.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Delivery>(delivery =>
        {
            delivery.ToTable("deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Channel).HasMaxLength(10).IsRequired();
            delivery.Property(d => d.Recipient).HasMaxLength(1000).IsRequired();
            delivery.Property(d => d.TemplateKey).HasMaxLength(100);
            delivery.Property(d => d.Subject).HasMaxLength(500);
            delivery.Property(d => d.FromAddress).HasMaxLength(320);
            delivery.Property(d => d.ReplyTo).HasMaxLength(320);
            delivery.Property(d => d.Status).HasMaxLength(10).IsRequired();
            delivery.Property(d => d.LastError).HasMaxLength(2000);
            delivery.Property(d => d.Reference).HasMaxLength(100);
            delivery.HasIndex(d => d.Reference);
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        });
        modelBuilder.Entity<DeliveryAttachment>(attachment =>
        {
            attachment.ToTable("delivery_attachments");
            attachment.HasKey(a => a.Id);
            attachment.Property(a => a.FileName).HasMaxLength(255).IsRequired();
            attachment.Property(a => a.ContentType).HasMaxLength(100).IsRequired();
            attachment.HasIndex(a => a.DeliveryId);
        });
        modelBuilder.Entity<SmsLogEntry>(sms =>
        {
            sms.ToTable("sms_messages");
            sms.HasKey(s => s.Id);
            sms.Property(s => s.Recipient).HasMaxLength(16).IsRequired();
            sms.Property(s => s.Encoding).HasMaxLength(4).IsRequired();
            sms.HasIndex(s => s.Recipient);
        });
        modelBuilder.AddInbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}

/// <summary>One attempt to notify someone, with the rendered content so it can be resent as it was.</summary>
internal sealed class Delivery
{
    public Guid Id { get; set; }

    /// <summary><c>email</c> or <c>sms</c>.</summary>
    public string Channel { get; set; } = "";

    /// <summary>Email address(es), comma separated, or an E.164 number.</summary>
    public string Recipient { get; set; } = "";

    public string? TemplateKey { get; set; }

    public string? Subject { get; set; }

    /// <summary>Plain-text email body, or the SMS text.</summary>
    public string? TextBody { get; set; }

    public string? HtmlBody { get; set; }

    public string? FromAddress { get; set; }

    public string? ReplyTo { get; set; }

    /// <summary>Extra email headers as a JSON object.</summary>
    public string? Headers { get; set; }

    /// <summary><c>queued</c>, <c>sent</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "";

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>When the retry worker may (re)try it; null when nothing is left to try. Doubles as a claim lease.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>A business reference to look it up by, e.g. a booking reference.</summary>
    public string? Reference { get; set; }

    /// <summary>The delivery this one resends.</summary>
    public Guid? ResendOf { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

internal sealed class DeliveryAttachment
{
    public Guid Id { get; set; }

    public Guid DeliveryId { get; set; }

    public int Position { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public byte[] Content { get; set; } = [];
}

/// <summary>A text message as the embedded SMS provider "sent" it.</summary>
internal sealed class SmsLogEntry
{
    public Guid Id { get; set; }

    /// <summary>The E.164 number.</summary>
    public string Recipient { get; set; } = "";

    public string Body { get; set; } = "";

    public int Segments { get; set; }

    /// <summary><c>gsm7</c> or <c>ucs2</c>.</summary>
    public string Encoding { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
