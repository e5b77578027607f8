using Microsoft.EntityFrameworkCore;
using Platform.Persistence;
using Platform.Web.Idempotency;

namespace Platform.Web.Data;

/// <summary>Tables of the web building blocks (module <c>web</c>): stored responses for Idempotency-Key.</summary>
public sealed class WebDbContext(DbContextOptions<WebDbContext> options) : DbContext(options)
{
    /// <summary>Schema (PostgreSQL) and table prefix (SQLite).</summary>
    public const string Module = "web";

    internal DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_records");
            record.HasKey(r => new { r.Scope, r.Key });
            record.Property(r => r.Scope).HasMaxLength(200);
            record.Property(r => r.Key).HasMaxLength(255);
            record.Property(r => r.RequestHash).HasMaxLength(64).IsRequired();
            record.Property(r => r.ContentType).HasMaxLength(200);
            record.Property(r => r.Location).HasMaxLength(2000);
            record.HasIndex(r => r.ExpiresAt);
        });
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}
