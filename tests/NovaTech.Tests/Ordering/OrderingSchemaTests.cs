using NovaTech.Ordering.Data;
using Platform.Testing;

namespace NovaTech.Tests.Ordering;

public sealed class OrderingSchemaTests
{
    [Fact]
    public async Task Migrations_build_the_schema_the_model_expects() =>
        await SchemaAssert.MigrationsMatchModelAsync<OrderingDbContext>(TestDatabase.SuiteProvider, OrderingDbContext.Module, o => new OrderingDbContext(o));
}
