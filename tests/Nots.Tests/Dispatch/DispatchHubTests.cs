using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;

namespace Nots.Tests.Dispatch;

/// <summary>The SignalR hub speaks the JSON hub protocol over a WebSocket; no .NET SignalR client is in our registry.</summary>
public sealed class DispatchHubTests(DispatchHostFixture fixture) : IClassFixture<DispatchHostFixture>
{
    private const char Separator = '\u001e';
    private readonly DispatchTestHost _host = fixture.Host;

    [Fact]
    public async Task Staff_connected_to_the_hub_receive_job_changes()
    {
        var staff = await _host.StaffAsync();
        var driver = await _host.DriverAsync("Hub Driver");
        var job = await _host.ConfirmedJobAsync(staff);

        var server = (TestServer)_host.Services.GetRequiredService<IServer>();
        var client = server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + staff.Token;
        using var socket = await client.ConnectAsync(new Uri(server.BaseAddress, "/v1/hubs/dispatch"), CancellationToken.None);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}" + Separator);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var records = new HubRecords(socket);
        (await records.NextAsync(timeout.Token)).ShouldBe("{}");
        await UntilAsync(records, "ready", timeout.Token);

        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, job.Reference, driver, "assign"), HttpStatusCode.Created);
        while (true)
        {
            var changed = (await UntilAsync(records, "job", timeout.Token)).GetProperty("arguments")[0];
            if (changed.GetProperty("bookingReference").GetString() == job.Reference && changed.GetProperty("status").GetString() == "Assigned")
            {
                changed.GetProperty("driverId").GetGuid().ShouldBe(driver.DriverId);
                break;
            }
        }
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_connections()
    {
        var server = (TestServer)_host.Services.GetRequiredService<IServer>();
        await Should.ThrowAsync<InvalidOperationException>(() => server.CreateWebSocketClient().ConnectAsync(new Uri(server.BaseAddress, "/v1/hubs/dispatch"), CancellationToken.None));
    }

    /// <summary>Reads records until an invocation of <paramref name="target"/> (pings and other targets are skipped).</summary>
    private static async Task<JsonElement> UntilAsync(HubRecords records, string target, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var message = JsonDocument.Parse(await records.NextAsync(cancellationToken)).RootElement;
            if (message.GetProperty("type").GetInt32() == 1 && message.GetProperty("target").GetString() == target)
            {
                return message;
            }
        }
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>
    /// SignalR batches whatever hub messages are waiting into one WebSocket frame, so a frame may carry several
    /// records; they are queued and handed out one at a time (dropping all but the first lost the job change).
    /// </summary>
    private sealed class HubRecords(WebSocket socket)
    {
        private readonly Queue<string> _pending = new();
        private readonly byte[] _buffer = new byte[64 * 1024];

        public async Task<string> NextAsync(CancellationToken cancellationToken = default)
        {
            var text = new StringBuilder();
            while (_pending.Count == 0)
            {
                var result = await socket.ReceiveAsync(_buffer, cancellationToken);
                text.Append(Encoding.UTF8.GetString(_buffer, 0, result.Count));
                if (result.EndOfMessage && text.Length > 0 && text[^1] == Separator)
                {
                    foreach (var record in text.ToString().Split(Separator, StringSplitOptions.RemoveEmptyEntries))
                    {
                        _pending.Enqueue(record);
                    }

                    text.Clear();
                }
            }

            return _pending.Dequeue();
        }
    }
}
