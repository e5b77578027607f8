using Platform.Notifications.Data;
using Platform.Testing;

namespace Platform.Tests.Notifications;

public sealed class NotificationsSchemaTests
{
    [Fact]
    public async Task Migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<NotificationsDbContext>(
            TestDatabase.SuiteProvider, NotificationsDbContext.Module, o => new NotificationsDbContext(o));
    }
}
