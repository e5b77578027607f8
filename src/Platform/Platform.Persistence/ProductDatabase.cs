using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Platform.Persistence;

/// <summary>
/// Where a product keeps its data: the provider and the connection string, resolved once from configuration
/// (<c>Database:Provider</c>, <c>ConnectionStrings:&lt;Product&gt;</c>, <c>Database:DataDirectory</c>).
/// </summary>
public sealed class ProductDatabase
{
    /// <summary>Creates the description of a product's database.</summary>
    public ProductDatabase(string product, DatabaseProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(product);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Product = product;
        Provider = provider;
        ConnectionString = connectionString;
    }

    /// <summary>The product name, e.g. <c>Nots</c>.</summary>
    public string Product { get; }

    /// <summary>The engine in use.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The ADO.NET connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>True when the product runs on PostgreSQL.</summary>
    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>Reads the product's database settings from configuration.</summary>
    public static ProductDatabase FromConfiguration(IConfiguration configuration, string product)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var providerText = configuration["Database:Provider"];
        var provider = string.IsNullOrWhiteSpace(providerText) || providerText.Equals("Sqlite", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Sqlite
            : providerText.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || providerText.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase)
                ? DatabaseProvider.Postgres
                : throw new InvalidOperationException($"Unknown Database:Provider '{providerText}'. Use Sqlite or Postgres.");

        var connectionString = configuration.GetConnectionString(product);
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException($"Database:Provider is Postgres but ConnectionStrings:{product} is not set.");
            }

            return new ProductDatabase(product, provider, connectionString);
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var directory = configuration["Database:DataDirectory"] ?? "data";
            Directory.CreateDirectory(directory);
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(directory, product.ToLowerInvariant() + ".db"),
            }.ToString();
        }

        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            // Writers wait for each other instead of failing with SQLITE_BUSY.
            DefaultTimeout = 30,
            Pooling = true,
        };
        var dataSourceDirectory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(dataSourceDirectory))
        {
            Directory.CreateDirectory(dataSourceDirectory);
        }

        return new ProductDatabase(product, provider, builder.ToString());
    }
}
