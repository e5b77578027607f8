using System.Diagnostics;
using Platform.Persistence;
using Platform.Testing;
using Xunit.Abstractions;

namespace Platform.Tests.Persistence;

/// <summary>Runs only in the PostgreSQL pass and only where the PostgreSQL server binaries are installed.</summary>
public sealed class PostgresDrillFactAttribute : FactAttribute
{
    public PostgresDrillFactAttribute()
    {
        if (TestDatabase.SuiteProvider != DatabaseProvider.Postgres)
        {
            Skip = "The restore drill runs in the PostgreSQL pass (TEST_DB_PROVIDER=postgres).";
        }
        else if (!Directory.Exists("/usr/lib/postgresql") || !Directory.EnumerateFiles("/usr/lib/postgresql", "pg_basebackup", SearchOption.AllDirectories).Any())
        {
            Skip = "PostgreSQL server binaries (pg_basebackup, initdb) are not installed.";
        }
    }
}

/// <summary>
/// deploy/backup/drill.sh end to end: base backup + WAL archive, point-in-time restore into a fresh data directory on
/// another port with exactly the rows committed at the target, and a restore to the end of the archive after a crash.
/// The measured RPO/RTO are printed (docs/operations.md has the figures); only correctness is asserted.
/// </summary>
public sealed class PostgresRestoreDrillTests(ITestOutputHelper output)
{
    [PostgresDrillFact]
    public async Task A_point_in_time_restore_has_exactly_the_bookings_and_orders_committed_at_the_target()
    {
        var root = FindRepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "deploy", "backup", "drill.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        start.Environment["DRILL_PORT"] = "25460";
        start.Environment["DRILL_ARCHIVE_TIMEOUT"] = "5";
        using var drill = Process.Start(start)!;
        var stdout = drill.StandardOutput.ReadToEndAsync();
        var stderr = drill.StandardError.ReadToEndAsync();
        await drill.WaitForExitAsync();
        var text = await stdout;
        output.WriteLine(text);
        output.WriteLine(await stderr);

        drill.ExitCode.ShouldBe(0, await stderr);
        var values = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        values["PITR_OK"].ShouldBe("true");
        values["PITR_RESTORED"].ShouldBe(values["PITR_EXPECTED"]);
        values["PITR_EXPECTED"].ShouldStartWith("600 600 NOTS-b5-20 NT-b5-20");
        int.Parse(values["RESTORED_LATEST"], System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeLessThanOrEqualTo(int.Parse(values["COMMITTED_AT_CRASH"], System.Globalization.CultureInfo.InvariantCulture));
        values.ShouldContainKey("RPO_SECONDS");
        values.ShouldContainKey("RTO_SECONDS");
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Systems.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Systems.slnx not found above the test binaries.");
    }
}
