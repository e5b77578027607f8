using NovaTech.Inventory.Data;
using NovaTech.Ordering.Data;
using Platform.Testing;

namespace NovaTech.Tests.Inventory;

public sealed class ModuleSchemaTests
{
    [Fact]
    public Task Inventory_migrations_build_the_schema_the_model_expects() =>
        SchemaAssert.MigrationsMatchModelAsync<InventoryDbContext>(TestDatabase.SuiteProvider, InventoryDbContext.Module, o => new InventoryDbContext(o));

    [Fact]
    public Task Ordering_migrations_build_the_schema_the_model_expects() =>
        SchemaAssert.MigrationsMatchModelAsync<OrderingDbContext>(TestDatabase.SuiteProvider, OrderingDbContext.Module, o => new OrderingDbContext(o));
}
