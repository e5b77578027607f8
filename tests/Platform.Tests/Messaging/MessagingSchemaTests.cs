using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Messaging.Data;
using Platform.Persistence;
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
    /// The test module's scripts are not embedded (see <see cref="ShopScripts"/>), so this repeats SchemaAssert's
    /// comparison with an explicit script list. It also proves the outbox/inbox DDL a module copies into its
    /// own 0001 script matches what AddOutbox/AddInbox map.
    /// </summary>
    [Fact]
    public async Task Outbox_and_inbox_tables_of_a_module_match_what_AddOutbox_and_AddInbox_map()
    {
        var provider = TestDatabase.SuiteProvider;
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var expected = await TestDatabase.CreateAsync(provider);

        string migratedSchema;
        await using (var context = new ShopDbContext(SchemaAssert.Options<ShopDbContext>(migrated.Database)))
        {
            await new MigrationRunner(NullLogger<MigrationRunner>.Instance).MigrateAsync(context, ShopDbContext.Module, ShopScripts.For(provider));
            migratedSchema = await DescribeAsync(context, provider);
        }

        string expectedSchema;
        string createScript;
        await using (var context = new ShopDbContext(SchemaAssert.Options<ShopDbContext>(expected.Database)))
        {
            createScript = context.Database.GenerateCreateScript();
            await context.Database.EnsureCreatedAsync();
            expectedSchema = await DescribeAsync(context, provider);
        }

        migratedSchema.ShouldContain("outbox_messages");
        migratedSchema.ShouldContain("inbox_messages");
        migratedSchema.ShouldBe(expectedSchema, $"EF would create:\n{createScript}");
    }

    private static Task<string> DescribeAsync(DbContext context, DatabaseProvider provider)
    {
        // SchemaAssert has no overload taking explicit scripts yet; reuse its catalog description rather than copy it.
        var describe = typeof(SchemaAssert).GetMethod("DescribeAsync", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("SchemaAssert.DescribeAsync was renamed; update this test.");
        return (Task<string>)describe.Invoke(null, [context, provider])!;
    }
}
