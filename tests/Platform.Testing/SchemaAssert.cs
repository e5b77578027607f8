using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Persistence;
using Shouldly;

namespace Platform.Testing;

/// <summary>
/// Proves that a module's SQL migration scripts build exactly the schema its EF model expects: the
/// scripts are applied to one fresh database, EF's own <c>EnsureCreated</c> builds another, and the
/// two catalogs (tables, columns with type/nullability/key, indexes, foreign keys) must be equal.
/// </summary>
public static class SchemaAssert
{
    /// <summary>Asserts that the module's migrations yield the model's schema on <paramref name="provider"/>.</summary>
    public static async Task MigrationsMatchModelAsync<TContext>(DatabaseProvider provider, string module, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : DbContext =>
        await MigrationsMatchModelAsync(provider, module, create, MigrationScript.FromAssembly(typeof(TContext).Assembly, provider));

    /// <summary>Asserts that the given scripts yield the model's schema (for test modules whose scripts are not embedded).</summary>
    public static async Task MigrationsMatchModelAsync<TContext>(DatabaseProvider provider, string module, Func<DbContextOptions<TContext>, TContext> create, IReadOnlyList<MigrationScript> scripts)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(scripts);
        ArgumentNullException.ThrowIfNull(create);
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var expected = await TestDatabase.CreateAsync(provider);

        string migratedSchema;
        await using (var context = create(Options<TContext>(migrated.Database)))
        {
            scripts.ShouldNotBeEmpty($"{typeof(TContext).Name} has no {provider} migration scripts.");
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance, TimeProvider.System).MigrateAsync(context, module, scripts);
            migratedSchema = await DescribeAsync(context, provider);
        }

        string expectedSchema;
        string createScript;
        await using (var context = create(Options<TContext>(expected.Database)))
        {
            createScript = context.Database.GenerateCreateScript();
            await context.Database.EnsureCreatedAsync();
            expectedSchema = await DescribeAsync(context, provider);
        }

        migratedSchema.ShouldBe(expectedSchema,
            $"The {provider} migrations of module '{module}' do not build the schema the EF model expects. " +
            $"Write a new script that closes the gap. EF would create:\n{createScript}");
    }

    /// <summary>Options for a module context on a test database.</summary>
    public static DbContextOptions<TContext> Options<TContext>(ProductDatabase database)
        where TContext : DbContext =>
        (DbContextOptions<TContext>)new DbContextOptionsBuilder<TContext>().UseProductDatabase(database).Options;

    private static async Task<string> DescribeAsync(DbContext context, DatabaseProvider provider)
    {
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            var lines = provider == DatabaseProvider.Postgres
                ? await DescribePostgresAsync(connection)
                : await DescribeSqliteAsync(connection);
            lines.Sort(StringComparer.Ordinal);
            return string.Join('\n', lines);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<List<string>> DescribeSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' AND name <> '__EFMigrationsHistory'");
        foreach (var table in tables.Select(r => r[0]))
        {
            lines.Add($"table {table}");
            foreach (var c in await QueryAsync(connection, $"SELECT name, upper(type), \"notnull\", pk FROM pragma_table_info('{table}')"))
            {
                lines.Add($"column {table}.{c[0]} {c[1]} notnull={c[2]} pk={c[3]}");
            }

            foreach (var i in await QueryAsync(connection, $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')"))
            {
                var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                var name = i[2] == "pk" ? "(pk)" : i[0];
                lines.Add($"index {table} {name} unique={i[1]} ({string.Join(",", columns.Select(x => x[0]))})");
            }

            foreach (var f in await QueryAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"))
            {
                lines.Add($"fk {table}.{f[1]} -> {f[0]}.{f[2]} on delete {f[3]}");
            }
        }

        return lines;
    }

    private static async Task<List<string>> DescribePostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        const string userSchemas = "NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg_toast%'";
        foreach (var t in await QueryAsync(connection,
            $"SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema {userSchemas} AND table_name NOT IN ('schema_migrations', '__EFMigrationsHistory')"))
        {
            lines.Add($"table {t[0]}.{t[1]}");
        }

        foreach (var c in await QueryAsync(connection,
            $"SELECT table_schema, table_name, column_name, udt_name, is_nullable, coalesce(character_maximum_length::text, ''), coalesce(numeric_precision::text, ''), is_identity FROM information_schema.columns WHERE table_schema {userSchemas} AND table_name NOT IN ('schema_migrations', '__EFMigrationsHistory')"))
        {
            lines.Add($"column {c[0]}.{c[1]}.{c[2]} {c[3]}({c[5]}) nullable={c[4]} identity={c[7]}");
        }

        foreach (var i in await QueryAsync(connection,
            "SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> 'schema_migrations'"))
        {
            lines.Add($"index {i[0]}.{i[1]} {i[2]}: {i[3]}");
        }

        foreach (var f in await QueryAsync(connection,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype IN ('f', 'c', 'u') AND connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)"))
        {
            lines.Add($"constraint {f[0]} {f[1]}: {f[2]}");
        }

        return lines;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The DDL EF would generate for a context on a provider, to start a new module's first script.</summary>
    public static string CreateScript<TContext>(DatabaseProvider provider, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(create);
        var database = new ProductDatabase("Script", provider,
            provider == DatabaseProvider.Postgres ? "Host=localhost;Database=script" : "Data Source=:memory:");
        using var context = create(Options<TContext>(database));
        var script = new StringBuilder(context.Database.GenerateCreateScript());
        return script.ToString();
    }
}
