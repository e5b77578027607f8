using Nots.Dispatch.Data;
using Platform.Testing;

namespace Nots.Tests.Dispatch;

public sealed class DispatchSchemaTests
{
    [Fact]
    public async Task Migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<DispatchDbContext>(
            TestDatabase.SuiteProvider, DispatchDbContext.Module, o => new DispatchDbContext(o));
    }
}
