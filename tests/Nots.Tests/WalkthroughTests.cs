using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Platform.Testing;
using Xunit.Abstractions;

namespace Nots.Tests;

/// <summary>
/// The operator's walk-through of the fleet and dispatch issue, with curl alone: <c>scripts/nots-walkthrough.sh</c> run
/// against the real NOTS program started as a separate process (as <c>./run.sh</c> starts it: demo data, bootstrap owner,
/// file mail) on a fresh database of the suite's engine.
/// </summary>
public sealed class WalkthroughTests(ITestOutputHelper output)
{
    private const string OwnerPassword = "Walk-through owner 2026";

    [Fact]
    public async Task The_curl_walkthrough_onboards_dispatches_and_reports_on_a_fresh_run()
    {
        var repo = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var program = Path.Combine(repo, "src", "Nots", "Nots.Web", "bin", configuration, "net10.0", "Nots.Web.dll");
        File.Exists(program).ShouldBeTrue(program);
        await using var database = await TestDatabase.CreateAsync("Nots");
        var scratch = database.ScratchDirectory;
        var mail = Path.Combine(scratch, "walkthrough-mail");
        var url = $"http://127.0.0.1:{FreePort()}";

        var start = new ProcessStartInfo("dotnet", [program])
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(program))))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in database.AsConfiguration())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Urls"] = url;
        start.Environment["Seed__Demo"] = "true";
        start.Environment["Demo__Password"] = OwnerPassword;
        start.Environment["Bootstrap__OwnerEmail"] = "owner@nots.demo";
        start.Environment["Bootstrap__OwnerPassword"] = OwnerPassword;
        start.Environment["Email__PickupDirectory"] = mail;
        start.Environment["Storage__Root"] = Path.Combine(scratch, "walkthrough-files");
        start.Environment["Messaging__PollInterval"] = "00:00:00.200";

        using var host = Process.Start(start)!;
        var hostLog = new System.Collections.Concurrent.ConcurrentQueue<string>();
        host.OutputDataReceived += (_, e) => { if (e.Data is not null) { hostLog.Enqueue(e.Data); } };
        host.ErrorDataReceived += (_, e) => { if (e.Data is not null) { hostLog.Enqueue(e.Data); } };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            await WaitUntilReadyAsync(url, host);
            var script = new ProcessStartInfo("bash", [Path.Combine(repo, "scripts", "nots-walkthrough.sh"), url])
            {
                WorkingDirectory = repo,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            script.Environment["OWNER_PASSWORD"] = OwnerPassword;
            script.Environment["MAIL_DIR"] = mail;
            using var walk = Process.Start(script)!;
            var stdout = walk.StandardOutput.ReadToEndAsync();
            var stderr = walk.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            await walk.WaitForExitAsync(timeout.Token);
            var text = await stdout;
            output.WriteLine(text);
            output.WriteLine(await stderr);
            walk.ExitCode.ShouldBe(0, await stderr);

            text.ShouldContain("409 vehicle_not_compliant: Vehicle HN18 OLD is not compliant: mot expired on");
            text.ShouldContain("HN18 OLD compliant: true");
            text.ShouldContain("complete -> Completed");
            text.ShouldContain("Walt Walker");
            text.ShouldContain("Walk-through complete");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }

            foreach (var line in hostLog.Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal)).Take(20))
            {
                output.WriteLine(line);
            }
        }
    }

    private static async Task WaitUntilReadyAsync(string url, Process host)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 240; i++)
        {
            host.HasExited.ShouldBeFalse("The NOTS process exited before it was ready.");
            try
            {
                if ((await client.GetAsync(url + "/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"NOTS at {url} never became ready.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Systems.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Systems.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
