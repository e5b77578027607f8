using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Platform.Persistence;

/// <summary>
/// Naming rules that keep modules apart in one database: a PostgreSQL schema per module, or a table
/// prefix per module in SQLite; snake_case tables and columns so hand-written SQL needs no quoting.
/// </summary>
public static class ModuleConventions
{
    /// <summary>
    /// Applies the module's schema (PostgreSQL) or table prefix (SQLite) and snake_case names to every
    /// entity configured so far. Call it last in <c>OnModelCreating</c>.
    /// </summary>
    public static ModelBuilder ApplyModuleConventions(this ModelBuilder modelBuilder, string module, bool postgres)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.IsOwned() && entity.GetTableName() == entity.FindOwnership()?.PrincipalEntityType.GetTableName())
            {
                RenameColumns(entity);
                continue;
            }

            var table = ToSnakeCase(entity.GetTableName() ?? entity.ClrType.Name);
            if (postgres)
            {
                entity.SetSchema(module);
                entity.SetTableName(table);
            }
            else
            {
                entity.SetSchema(null);
                entity.SetTableName(table.StartsWith(module + "_", StringComparison.Ordinal) ? table : module + "_" + table);
            }

            RenameColumns(entity);
        }

        if (!postgres)
        {
            UseSortableTimestamps(modelBuilder);
        }

        return modelBuilder;
    }

    // SQLite has no timestamp type and EF cannot compare or order DateTimeOffset stored as text, so
    // instants are stored as UTC ticks (INTEGER): exact, sortable and comparable in SQL.
    private static void UseSortableTimestamps(ModelBuilder modelBuilder)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.GetValueConverter() is not null)
            {
                continue;
            }

            if (property.ClrType == typeof(DateTimeOffset))
            {
                property.SetValueConverter(UtcTicksConverter);
            }
            else if (property.ClrType == typeof(DateTimeOffset?))
            {
                property.SetValueConverter(NullableUtcTicksConverter);
            }
        }
    }

    private static readonly ValueConverter<DateTimeOffset, long> UtcTicksConverter =
        new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    private static readonly ValueConverter<DateTimeOffset?, long?> NullableUtcTicksConverter =
        new(v => v.HasValue ? v.Value.UtcTicks : null, v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);

    private static void RenameColumns(IMutableEntityType entity)
    {
        foreach (var property in entity.GetProperties())
        {
            property.SetColumnName(ToSnakeCase(property.GetColumnName()));
        }
    }

    /// <summary>Converts <c>PickupAt</c> to <c>pickup_at</c>; leaves names already in snake_case alone.</summary>
    public static string ToSnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previous = i > 0 ? name[i - 1] : '_';
                var next = i + 1 < name.Length ? name[i + 1] : '_';
                if (i > 0 && previous != '_' && (char.IsLower(previous) || char.IsDigit(previous) || char.IsLower(next)))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
