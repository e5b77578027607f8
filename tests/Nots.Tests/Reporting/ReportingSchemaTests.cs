using Nots.Reporting.Data;
using Platform.Testing;

namespace Nots.Tests.Reporting;

public sealed class ReportingSchemaTests
{
    [Fact]
    public async Task Migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<ReportingDbContext>(
            TestDatabase.SuiteProvider, ReportingDbContext.Module, o => new ReportingDbContext(o));
    }
}
