using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Cluster.Tests;

/// <summary>Where the cluster is: the variables <c>deploy/local-cluster.sh env</c> prints.</summary>
public static class ClusterEnvironment
{
    public static bool Configured => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TEST_CLUSTER_NOTS"));

    /// <summary>haproxy's NOTS front end.</summary>
    public static Uri Nots => new(Get("TEST_CLUSTER_NOTS"));

    /// <summary>haproxy's NovaTech front end.</summary>
    public static Uri NovaTech => new(Get("TEST_CLUSTER_NOVATECH"));

    /// <summary>Each NOTS node directly (to prove something crosses nodes).</summary>
    public static IReadOnlyList<Uri> NotsNodes => [.. Get("TEST_CLUSTER_NOTS_NODES").Split(',').Select(u => new Uri(u))];

    public static IReadOnlyList<Uri> NovaTechNodes => [.. Get("TEST_CLUSTER_NOVATECH_NODES").Split(',').Select(u => new Uri(u))];

    public static string NotsDatabase => Get("TEST_CLUSTER_NOTS_DB");

    public static string NovaTechDatabase => Get("TEST_CLUSTER_NOVATECH_DB");

    public static string NotsOwner => Get("TEST_CLUSTER_NOTS_OWNER");

    public static string NovaTechOwner => Get("TEST_CLUSTER_NOVATECH_OWNER");

    public static string Password => Get("TEST_CLUSTER_PASSWORD");

    /// <summary>Load of the crash test per product (default 1,000; <c>TEST_CLUSTER_LOAD</c>).</summary>
    public static int Load => int.TryParse(Environment.GetEnvironmentVariable("TEST_CLUSTER_LOAD"), out var n) && n > 0 ? n : 1000;

    public static HttpClient Client(Uri baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 64,
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        AllowAutoRedirect = false,
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
    }

    public static async Task<List<object?[]>> RowsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Runs <c>deploy/local-cluster.sh</c> with <paramref name="arguments"/>; returns its standard output.</summary>
    public static async Task<string> ScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Get("TEST_CLUSTER_SCRIPT"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        }

        return await output;
    }

    private static string Get(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set.");
}
