using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Platform.Persistence;

namespace Platform.Testing;

/// <summary>
/// A throw-away database on the engine the suite runs against: <c>TEST_DB_PROVIDER=sqlite</c> (default)
/// gives a fresh SQLite file, <c>TEST_DB_PROVIDER=postgres</c> a fresh PostgreSQL database on the server
/// named by <c>TEST_POSTGRES</c> (an admin connection string). Each instance is its own database, so
/// tests never see each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteDirectory;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(string product, DatabaseProvider provider, string connectionString, string? sqliteDirectory, string? postgresAdmin, string? postgresName)
    {
        Database = new ProductDatabase(product, provider, connectionString);
        _sqliteDirectory = sqliteDirectory;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    /// <summary>The database, as a product would see it.</summary>
    public ProductDatabase Database { get; }

    /// <summary>The provider the suite runs on, from <c>TEST_DB_PROVIDER</c>.</summary>
    public static DatabaseProvider SuiteProvider =>
        (Environment.GetEnvironmentVariable("TEST_DB_PROVIDER") ?? "sqlite").Equals("postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : DatabaseProvider.Sqlite;

    /// <summary>The admin connection string of the test PostgreSQL server.</summary>
    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    /// <summary>Creates a database on the suite's provider.</summary>
    public static Task<TestDatabase> CreateAsync(string product = "Test") => CreateAsync(SuiteProvider, product);

    /// <summary>Creates a database on the given provider.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, string product = "Test")
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "platform-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(directory, product.ToLowerInvariant() + ".db"),
                DefaultTimeout = 30,
                Pooling = true,
            }.ToString();
            return new TestDatabase(product, provider, connectionString, directory, null, null);
        }

        var admin = PostgresAdminConnectionString;
        var name = "t_" + product.ToLowerInvariant() + "_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 50 };
        return new TestDatabase(product, provider, builder.ToString(), null, admin, name);
    }

    /// <summary>Configuration keys that point a product host at this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> AsConfiguration()
    {
        yield return new("Database:Provider", Database.Provider.ToString());
        yield return new($"ConnectionStrings:{Database.Product}", Database.ConnectionString);
        if (_sqliteDirectory is not null)
        {
            yield return new("Database:DataDirectory", _sqliteDirectory);
            yield return new("Storage:Root", Path.Combine(_sqliteDirectory, "files"));
            yield return new("Email:PickupDirectory", Path.Combine(_sqliteDirectory, "mail"));
        }
    }

    /// <summary>A folder private to this database, for files a test host writes (mail, documents).</summary>
    public string ScratchDirectory => _sqliteDirectory ?? Path.Combine(Path.GetTempPath(), "platform-tests", _postgresName!);

    /// <summary>Builds an <see cref="IConfiguration"/> with this database's settings.</summary>
    public IConfiguration ToConfiguration(params KeyValuePair<string, string?>[] extra) =>
        new ConfigurationBuilder().AddInMemoryCollection(AsConfiguration()).AddInMemoryCollection(extra).Build();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_sqliteDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A host still holding the file; the temp folder is cleaned by the OS.
            }
        }

        if (_postgresAdmin is not null && _postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
