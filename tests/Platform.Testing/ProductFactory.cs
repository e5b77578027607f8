using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Platform.Testing;

/// <summary>
/// Hosts a product (its real Program) in memory against its own fresh database on the suite's provider.
/// Create one per test class (<c>IAsyncLifetime</c>) so tests never share rows.
/// </summary>
public sealed class ProductFactory<TProgram> : WebApplicationFactory<TProgram>
    where TProgram : class
{
    private readonly TestDatabase _database;
    private readonly Dictionary<string, string?> _settings;

    private ProductFactory(TestDatabase database, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        _database = database;
        _settings = database.AsConfiguration()
            .Concat(
            [
                new("Logging:Format", "simple"),
                new("Logging:LogLevel:Default", "Warning"),
                new("RateLimiting:PermitsPerMinute", "100000"),
                new("RateLimiting:AuthPermitsPerMinute", "100000"),
            ])
            .Concat(settings)
            .GroupBy(p => p.Key)
            .ToDictionary(g => g.Key, g => g.Last().Value);
    }

    /// <summary>The database the product runs on.</summary>
    public TestDatabase Database => _database;

    /// <summary>Creates a database for <paramref name="product"/> and a factory over it.</summary>
    public static async Task<ProductFactory<TProgram>> CreateAsync(string product, params KeyValuePair<string, string?>[] settings)
    {
        var database = await TestDatabase.CreateAsync(product);
        return new ProductFactory<TProgram>(database, settings);
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
