using NovaTech.Catalog.Data;
using Platform.Testing;

namespace NovaTech.Tests.Catalog;

public sealed class CatalogSchemaTests
{
    [Fact]
    public Task The_migrations_build_the_catalog_model() =>
        SchemaAssert.MigrationsMatchModelAsync<CatalogDbContext>(TestDatabase.SuiteProvider, CatalogDbContext.Module, o => new CatalogDbContext(o));
}
