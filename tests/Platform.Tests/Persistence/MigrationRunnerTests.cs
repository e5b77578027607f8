using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Persistence;
using Platform.Testing;

namespace Platform.Tests.Persistence;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private SampleDbContext NewContext() => new(SchemaAssert.Options<SampleDbContext>(_database.Database));

    private static MigrationRunner Runner => new(NullLogger<MigrationRunner>.Instance, TimeProvider.System);

    private IReadOnlyList<MigrationScript> Scripts => MigrationScript.FromAssembly(typeof(SampleDbContext).Assembly, _database.Database.Provider);

    [Fact]
    public async Task Migrations_build_the_schema_the_EF_model_expects()
    {
        await SchemaAssert.MigrationsMatchModelAsync<SampleDbContext>(_database.Database.Provider, SampleDbContext.Module, o => new SampleDbContext(o));
    }

    [Fact]
    public async Task MigrateAsync_AppliesEachScriptOnce_AndTheModelWorksAfterwards()
    {
        await using var context = NewContext();
        (await Runner.MigrateAsync(context, SampleDbContext.Module, Scripts)).ShouldBe(2);
        (await Runner.MigrateAsync(context, SampleDbContext.Module, Scripts)).ShouldBe(0);

        context.Widgets.Add(new Widget { Id = Guid.NewGuid(), Name = "Sprocket", PricePence = 1299, Colour = "red", CreatedAt = DateTimeOffset.UtcNow });
        await context.SaveChangesAsync();
        (await context.Widgets.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task MigrateAsync_WhenAnAppliedScriptWasEdited_RefusesToStart()
    {
        await using var context = NewContext();
        await Runner.MigrateAsync(context, SampleDbContext.Module, Scripts);

        var edited = Scripts.Select(s => s.Version == 1 ? s with { Sql = s.Sql + "\n-- edited" } : s).ToList();
        var error = await Should.ThrowAsync<MigrationChecksumException>(() => Runner.MigrateAsync(context, SampleDbContext.Module, edited));
        error.Message.ShouldContain("0001_widgets.sql");
    }

    [Fact]
    public async Task MigrateAsync_WhenAScriptFails_LeavesNothingOfItBehind()
    {
        await using var context = NewContext();
        var broken = new List<MigrationScript>(Scripts.Take(1))
        {
            new(2, "0002_broken.sql", "CREATE TABLE half_written (id INTEGER NOT NULL);\nTHIS IS NOT SQL;"),
        };

        await Should.ThrowAsync<Exception>(() => Runner.MigrateAsync(context, SampleDbContext.Module, broken));

        await using var check = NewContext();
        var connection = check.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_migrations";
        Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1);
        command.CommandText = "SELECT count(*) FROM half_written";
        await Should.ThrowAsync<Exception>(() => command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task MigrateAsync_WhenSeveralNodesStartAtOnce_AppliesEachScriptExactlyOnce()
    {
        var nodes = Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var context = NewContext();
            return await Runner.MigrateAsync(context, SampleDbContext.Module, Scripts);
        });

        var applied = await Task.WhenAll(nodes);

        applied.Sum().ShouldBe(2);
        await using var check = NewContext();
        (await check.Widgets.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public void ToSnakeCase_SplitsWordsAndAcronyms()
    {
        ModuleConventions.ToSnakeCase("PickupAt").ShouldBe("pickup_at");
        ModuleConventions.ToSnakeCase("HTTPStatus").ShouldBe("http_status");
        ModuleConventions.ToSnakeCase("Line2Text").ShouldBe("line2_text");
        ModuleConventions.ToSnakeCase("already_snake").ShouldBe("already_snake");
    }
}
