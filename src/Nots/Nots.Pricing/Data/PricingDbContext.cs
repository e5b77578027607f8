using Microsoft.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Persistence;

namespace Nots.Pricing.Data;

/// <summary>Tables of the pricing module (<c>pricing</c>): tariff versions, stored quotes and the outbox.</summary>
internal sealed class PricingDbContext(DbContextOptions<PricingDbContext> options) : DbContext(options)
{
    public const string Module = "pricing";

    public DbSet<TariffVersionRecord> Tariffs => Set<TariffVersionRecord>();

    public DbSet<QuoteRecord> Quotes => Set<QuoteRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TariffVersionRecord>(tariff =>
        {
            tariff.ToTable("tariffs");
            tariff.HasKey(t => t.VersionNumber);
            tariff.Property(t => t.VersionNumber).ValueGeneratedNever();
            tariff.Property(t => t.Version).HasMaxLength(32).IsRequired();
            tariff.Property(t => t.DefinitionJson).IsRequired();
            tariff.Property(t => t.CreatedBy).HasMaxLength(100).IsRequired();
            tariff.HasIndex(t => t.Version).IsUnique();

            // At most one current version, whatever the nodes do: the database refuses a second.
            tariff.HasIndex(t => t.IsCurrent).IsUnique().HasFilter("is_current");
        });

        modelBuilder.Entity<QuoteRecord>(quote =>
        {
            quote.ToTable("quotes");
            quote.HasKey(q => q.Id);
            quote.Property(q => q.Id).ValueGeneratedNever();
            quote.Property(q => q.TariffVersion).HasMaxLength(32).IsRequired();
            quote.Property(q => q.RequestJson).IsRequired();
            quote.Property(q => q.ResultJson).IsRequired();
        });

        modelBuilder.AddOutbox();
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}

/// <summary>
/// One immutable tariff version. <see cref="VersionNumber"/> counts 1, 2, 3…; <see cref="Version"/> is its text form,
/// which every quote records. Exactly one row is current.
/// </summary>
internal sealed class TariffVersionRecord
{
    public int VersionNumber { get; init; }

    public required string Version { get; init; }

    public required string DefinitionJson { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public bool IsCurrent { get; set; }
}

/// <summary>A priced quote as the customer saw it: the request, the result and the tariff version used.</summary>
internal sealed class QuoteRecord
{
    public Guid Id { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public required string TariffVersion { get; init; }

    public DateTimeOffset PickupAtUtc { get; init; }

    public required string RequestJson { get; init; }

    public required string ResultJson { get; init; }
}
