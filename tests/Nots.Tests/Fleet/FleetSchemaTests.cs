using Nots.Fleet.Data;
using Platform.Testing;

namespace Nots.Tests.Fleet;

public sealed class FleetSchemaTests
{
    [Fact]
    public async Task Migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<FleetDbContext>(
            TestDatabase.SuiteProvider, FleetDbContext.Module, o => new FleetDbContext(o));
    }
}
