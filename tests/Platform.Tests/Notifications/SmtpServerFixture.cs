using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.Notifications;

/// <summary>
/// A real SMTP server for the tests: Debian's python3-aiosmtpd with its Mailbox handler, which stores every
/// received message in a maildir. Started on a free port, stopped after the tests.
/// </summary>
public sealed class SmtpServerFixture : IAsyncLifetime
{
    private const string Python = "/usr/bin/python3";
    private Process? _process;

    public int Port { get; private set; }

    public string Maildir { get; } = Path.Combine(Path.GetTempPath(), "platform-tests", "smtp-" + Guid.NewGuid().ToString("N"));

    /// <summary>Why the server could not start; tests fail with this message rather than pass silently.</summary>
    public string? Unavailable { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Python) || !await HasAiosmtpdAsync())
        {
            Unavailable = "The SMTP tests need a real SMTP server: install Debian's python3-aiosmtpd (apt-get install -y python3-aiosmtpd). " +
                          ".ci/run must install it.";
            return;
        }

        // Mailbox creates the maildir (new/cur/tmp) only when the folder does not exist yet.
        Directory.CreateDirectory(Path.GetDirectoryName(Maildir)!);
        Port = FreePort();
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start aiosmtpd.");
        for (var i = 0; i < 100; i++)
        {
            if (_process.HasExited)
            {
                Unavailable = "aiosmtpd exited: " + await _process.StandardError.ReadToEndAsync();
                return;
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        Unavailable = $"aiosmtpd did not listen on 127.0.0.1:{Port}.";
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        if (Directory.Exists(Maildir))
        {
            Directory.Delete(Maildir, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>The messages received so far (raw RFC 5322 text).</summary>
    public IReadOnlyList<string> Messages()
    {
        var folder = Path.Combine(Maildir, "new");
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Select(File.ReadAllText).ToList() : [];
    }

    private static async Task<bool> HasAiosmtpdAsync()
    {
        using var check = Process.Start(new ProcessStartInfo(Python, "-c \"import aiosmtpd\"")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await check.WaitForExitAsync();
        return check.ExitCode == 0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
