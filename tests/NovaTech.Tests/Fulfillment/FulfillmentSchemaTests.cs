using NovaTech.Fulfillment.Data;
using Platform.Testing;

namespace NovaTech.Tests.Fulfillment;

public sealed class FulfillmentSchemaTests
{
    [Fact]
    public async Task Migrations_build_the_schema_the_model_expects() =>
        await SchemaAssert.MigrationsMatchModelAsync<FulfillmentDbContext>(TestDatabase.SuiteProvider, FulfillmentDbContext.Module, o => new FulfillmentDbContext(o));
}
