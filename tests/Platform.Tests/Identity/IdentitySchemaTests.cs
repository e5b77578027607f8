using Platform.Identity.Data;
using Platform.Testing;

namespace Platform.Tests.Identity;

public sealed class IdentitySchemaTests
{
    [Fact]
    public async Task Migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<AppIdentityDbContext>(TestDatabase.SuiteProvider, AppIdentityDbContext.Module, o => new AppIdentityDbContext(o));
    }
}
