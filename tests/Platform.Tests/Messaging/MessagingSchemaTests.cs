using Platform.Messaging.Data;
using Platform.Testing;

namespace Platform.Tests.Messaging;

public sealed class MessagingSchemaTests
{
    [Fact]
    public async Task Messaging_migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<MessagingDbContext>(TestDatabase.SuiteProvider, MessagingDbContext.Module, o => new MessagingDbContext(o));
    }

    /// <summary>
    /// The test module's scripts are not embedded (see <see cref="ShopScripts"/>); this proves the outbox/inbox
    /// DDL a module copies into its own 0001 script matches what AddOutbox/AddInbox map.
    /// </summary>
    [Fact]
    public async Task Outbox_and_inbox_tables_of_a_module_match_what_AddOutbox_and_AddInbox_map()
    {
        var provider = TestDatabase.SuiteProvider;
        ShopScripts.For(provider).ShouldContain(s => s.Sql.Contains("outbox_messages") && s.Sql.Contains("inbox_messages"));
        await SchemaAssert.MigrationsMatchModelAsync<ShopDbContext>(provider, ShopDbContext.Module, o => new ShopDbContext(o), ShopScripts.For(provider));
    }
}
