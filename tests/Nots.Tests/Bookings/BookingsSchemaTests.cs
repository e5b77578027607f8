using Nots.Bookings.Data;
using Platform.Testing;

namespace Nots.Tests.Bookings;

public sealed class BookingsSchemaTests
{
    [Fact]
    public async Task Migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<BookingsDbContext>(
            TestDatabase.SuiteProvider, BookingsDbContext.Module, o => new BookingsDbContext(o));
    }
}
