using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Persistence;

namespace Platform.Tests.Messaging;

/// <summary>The integration event of the test module.</summary>
[IntegrationEventName("msgtest.order-placed.v1")]
public sealed record OrderPlaced(Guid OrderId, string Reference, long TotalPence) : IIntegrationEvent;

/// <summary>A small module that both publishes (outbox) and consumes (inbox) integration events.</summary>
internal sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public const string Module = "msgshop";

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<Receipt> Receipts => Set<Receipt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Reference).HasMaxLength(40).IsRequired();
        });
        modelBuilder.Entity<Receipt>(receipt =>
        {
            // Deliberately no unique key: an event applied twice must show up as two rows.
            receipt.ToTable("receipts");
            receipt.HasKey(r => r.Id);
            receipt.Property(r => r.Consumer).HasMaxLength(40).IsRequired();
            receipt.Property(r => r.CorrelationId).HasMaxLength(100);
        });
        modelBuilder.AddOutbox();
        modelBuilder.AddInbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}

internal sealed class Order
{
    public Guid Id { get; set; }

    public string Reference { get; set; } = "";

    public long TotalPence { get; set; }
}

/// <summary>The effect of a consumer: one row per application of an event.</summary>
internal sealed class Receipt
{
    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    public Guid OrderId { get; set; }

    public string Consumer { get; set; } = "";

    public int Attempt { get; set; }

    public string? CorrelationId { get; set; }
}

internal abstract class RecordingHandler(ShopDbContext db, string consumer) : IIntegrationEventHandler<OrderPlaced>
{
    protected ShopDbContext Db => db;

    public virtual Task HandleAsync(OrderPlaced integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        db.Receipts.Add(new Receipt
        {
            Id = Guid.NewGuid(),
            MessageId = context.MessageId,
            OrderId = integrationEvent.OrderId,
            Consumer = consumer,
            Attempt = context.Attempt,
            CorrelationId = context.CorrelationId,
        });
        return Task.CompletedTask;
    }
}

internal sealed class BillingHandler(ShopDbContext db) : RecordingHandler(db, "billing");

internal sealed class ShippingHandler(ShopDbContext db) : RecordingHandler(db, "shipping");

/// <summary>Controls <see cref="FlakyHandler"/>: fails the first N attempts per message, or always.</summary>
internal sealed class FaultPlan
{
    public int FailuresPerMessage { get; set; }

    public bool AlwaysFail { get; set; }

    /// <summary>Orders (by reference) whose messages always fail.</summary>
    public HashSet<string> FailingReferences { get; } = [];

    public ConcurrentDictionary<Guid, int> Failures { get; } = new();
}

/// <summary>Writes its effect, then throws as planned: the effect must roll back with the failed attempt.</summary>
internal sealed class FlakyHandler(ShopDbContext shop, FaultPlan plan) : RecordingHandler(shop, "flaky")
{
    public override async Task HandleAsync(OrderPlaced integrationEvent, MessageContext context, CancellationToken cancellationToken)
    {
        await base.HandleAsync(integrationEvent, context, cancellationToken);
        await Db.SaveChangesAsync(cancellationToken);
        if (plan.AlwaysFail || plan.FailingReferences.Contains(integrationEvent.Reference) || plan.Failures.GetOrAdd(context.MessageId, 0) < plan.FailuresPerMessage)
        {
            plan.Failures.AddOrUpdate(context.MessageId, 1, (_, n) => n + 1);
            throw new InvalidOperationException($"Billing system unavailable for order {integrationEvent.Reference}");
        }
    }
}

/// <summary>The test module's migrations. They are not embedded resources: the Platform.Tests assembly already
/// embeds the Persistence sample's scripts, and MigrationScript.FromAssembly reads one module per assembly.</summary>
internal static class ShopScripts
{
    public static IReadOnlyList<MigrationScript> For(DatabaseProvider provider) =>
        [new MigrationScript(1, "0001_shop.sql", provider == DatabaseProvider.Postgres ? Postgres : Sqlite)];

    private const string Sqlite = """
        CREATE TABLE "msgshop_orders" (
            "id" TEXT NOT NULL CONSTRAINT "PK_msgshop_orders" PRIMARY KEY,
            "reference" TEXT NOT NULL,
            "total_pence" INTEGER NOT NULL
        );
        CREATE TABLE "msgshop_receipts" (
            "id" TEXT NOT NULL CONSTRAINT "PK_msgshop_receipts" PRIMARY KEY,
            "message_id" TEXT NOT NULL,
            "order_id" TEXT NOT NULL,
            "consumer" TEXT NOT NULL,
            "attempt" INTEGER NOT NULL,
            "correlation_id" TEXT NULL
        );
        CREATE TABLE "msgshop_outbox_messages" (
            "id" TEXT NOT NULL CONSTRAINT "PK_msgshop_outbox_messages" PRIMARY KEY,
            "message_type" TEXT NOT NULL,
            "payload" TEXT NOT NULL,
            "occurred_at" INTEGER NOT NULL,
            "correlation_id" TEXT NULL,
            "dispatched_at" INTEGER NULL,
            "attempts" INTEGER NOT NULL,
            "locked_until" INTEGER NULL,
            "locked_by" TEXT NULL
        );
        CREATE INDEX "IX_msgshop_outbox_messages_dispatched_at" ON "msgshop_outbox_messages" ("dispatched_at");
        CREATE TABLE "msgshop_inbox_messages" (
            "message_id" TEXT NOT NULL,
            "consumer" TEXT NOT NULL,
            "message_type" TEXT NOT NULL,
            "handled_at" INTEGER NOT NULL,
            CONSTRAINT "PK_msgshop_inbox_messages" PRIMARY KEY ("message_id", "consumer")
        );
        """;

    private const string Postgres = """
        CREATE SCHEMA IF NOT EXISTS msgshop;
        CREATE TABLE msgshop.orders (
            id uuid NOT NULL,
            reference character varying(40) NOT NULL,
            total_pence bigint NOT NULL,
            CONSTRAINT "PK_orders" PRIMARY KEY (id)
        );
        CREATE TABLE msgshop.receipts (
            id uuid NOT NULL,
            message_id uuid NOT NULL,
            order_id uuid NOT NULL,
            consumer character varying(40) NOT NULL,
            attempt integer NOT NULL,
            correlation_id character varying(100) NULL,
            CONSTRAINT "PK_receipts" PRIMARY KEY (id)
        );
        CREATE TABLE msgshop.outbox_messages (
            id uuid NOT NULL,
            message_type character varying(300) NOT NULL,
            payload text NOT NULL,
            occurred_at timestamp with time zone NOT NULL,
            correlation_id character varying(100) NULL,
            dispatched_at timestamp with time zone NULL,
            attempts integer NOT NULL,
            locked_until timestamp with time zone NULL,
            locked_by character varying(200) NULL,
            CONSTRAINT "PK_outbox_messages" PRIMARY KEY (id)
        );
        CREATE INDEX "IX_outbox_messages_dispatched_at" ON msgshop.outbox_messages (dispatched_at);
        CREATE TABLE msgshop.inbox_messages (
            message_id uuid NOT NULL,
            consumer character varying(300) NOT NULL,
            message_type character varying(300) NOT NULL,
            handled_at timestamp with time zone NOT NULL,
            CONSTRAINT "PK_inbox_messages" PRIMARY KEY (message_id, consumer)
        );
        """;
}
