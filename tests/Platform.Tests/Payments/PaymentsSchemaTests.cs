using Platform.Payments.Data;
using Platform.Testing;

namespace Platform.Tests.Payments;

public sealed class PaymentsSchemaTests
{
    [Fact]
    public async Task Migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<PaymentsDbContext>(
            TestDatabase.SuiteProvider, PaymentsDbContext.Module, o => new PaymentsDbContext(o));
    }
}
