using Microsoft.EntityFrameworkCore;
using Platform.Persistence;

namespace Platform.Tests.Persistence;

internal sealed class SampleDbContext(DbContextOptions<SampleDbContext> options) : DbContext(options)
{
    public const string Module = "sample";

    public DbSet<Widget> Widgets => Set<Widget>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Widget>(widget =>
        {
            widget.ToTable("widgets");
            widget.HasKey(w => w.Id);
            widget.Property(w => w.Name).HasMaxLength(100).IsRequired();
            widget.Property(w => w.PricePence);
            widget.Property(w => w.CreatedAt);
            widget.Property(w => w.Version).IsConcurrencyToken();
            widget.HasIndex(w => w.Name).IsUnique();
        });
        modelBuilder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}

internal sealed class Widget
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public long PricePence { get; set; }

    public string? Colour { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Version { get; set; }
}
