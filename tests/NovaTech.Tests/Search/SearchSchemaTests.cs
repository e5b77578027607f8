using Microsoft.EntityFrameworkCore;
using NovaTech.Search.Data;
using Platform.Persistence;
using Platform.Testing;

namespace NovaTech.Tests.Search;

/// <summary>
/// On PostgreSQL the whole search schema (tsvector column and GIN index included) is in the EF model, so all scripts
/// are compared. On SQLite the FTS5 table cannot be in the model: the comparison runs on the scripts without
/// <c>0002_fts.sql</c>, and a second test applies every script and checks the FTS table is there and searchable.
/// </summary>
public sealed class SearchSchemaTests
{
    [Fact]
    public async Task The_migrations_build_the_search_model()
    {
        var provider = TestDatabase.SuiteProvider;
        var scripts = MigrationScript.FromAssembly(typeof(SearchDbContext).Assembly, provider)
            .Where(s => provider == DatabaseProvider.Postgres || !s.Name.Contains("fts", StringComparison.Ordinal))
            .ToList();
        await SchemaAssert.MigrationsMatchModelAsync<SearchDbContext>(provider, SearchDbContext.Module, o => new SearchDbContext(o), scripts);
    }

    [Fact]
    public async Task On_sqlite_the_fts5_table_is_created_by_its_own_script()
    {
        if (TestDatabase.SuiteProvider != DatabaseProvider.Sqlite)
        {
            return;
        }

        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = new SearchDbContext(SchemaAssert.Options<SearchDbContext>(database.Database));
        var scripts = MigrationScript.FromAssembly(typeof(SearchDbContext).Assembly, DatabaseProvider.Sqlite);
        scripts.Select(s => s.Name).ShouldContain("0002_fts.sql");
        await new MigrationRunner(Microsoft.Extensions.Logging.Abstractions.NullLogger<MigrationRunner>.Instance, TimeProvider.System)
            .MigrateAsync(context, SearchDbContext.Module, scripts);

        await context.Database.ExecuteSqlRawAsync("INSERT INTO search_fts (rowid, name, brand, category, specs, description) VALUES (1, 'Televisions', 'Acme', 'TV', '', '')");
        var hits = await context.Database.SqlQueryRaw<long>("SELECT rowid AS \"Value\" FROM search_fts WHERE search_fts MATCH '\"televis\"*'").ToListAsync();
        hits.ShouldBe([1L]);
    }
}
