using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

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

        return modelBuilder;
    }

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
