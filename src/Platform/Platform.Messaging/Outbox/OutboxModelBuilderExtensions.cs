using Microsoft.EntityFrameworkCore;

namespace Platform.Messaging;

/// <summary>Adds the outbox and inbox tables to a module's model.</summary>
public static class OutboxModelBuilderExtensions
{
    /// <summary>
    /// Maps <see cref="OutboxMessage"/> to <c>outbox_messages</c>. Call before <c>ApplyModuleConventions</c>
    /// so the table lands in the module's schema (PostgreSQL) or gets its prefix (SQLite). The module's
    /// migrations must create the table; its schema test proves they match.
    /// </summary>
    public static ModelBuilder AddOutbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).ValueGeneratedNever();
            outbox.Property(m => m.MessageType).HasMaxLength(300).IsRequired();
            outbox.Property(m => m.Payload).IsRequired();
            outbox.Property(m => m.CorrelationId).HasMaxLength(100);
            outbox.Property(m => m.LockedBy).HasMaxLength(200);
            outbox.HasIndex(m => m.DispatchedAt);
        });
        return modelBuilder;
    }

    /// <summary>
    /// Maps <see cref="InboxMessage"/> to <c>inbox_messages</c> with the primary key (message_id, consumer) that
    /// makes a concurrent duplicate delivery fail instead of applying twice. Call before <c>ApplyModuleConventions</c>.
    /// </summary>
    public static ModelBuilder AddInbox(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(300);
            inbox.Property(m => m.MessageType).HasMaxLength(300).IsRequired();
        });
        return modelBuilder;
    }
}
