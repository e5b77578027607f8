using Nots.Pricing.Data;
using Platform.Testing;

namespace Nots.Tests.Pricing.Api;

public sealed class PricingSchemaTests
{
    [Fact]
    public async Task Pricing_migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<PricingDbContext>(TestDatabase.SuiteProvider, PricingDbContext.Module, o => new PricingDbContext(o));
    }
}
