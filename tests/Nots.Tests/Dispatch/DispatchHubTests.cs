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
        (await ReceiveAsync(socket)).ShouldBe("{}");

        await DispatchTestHost.JsonAsync(await _host.DispatchAsync(staff, job.Reference, driver, "assign"), HttpStatusCode.Created);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = JsonDocument.Parse(await ReceiveAsync(socket, timeout.Token)).RootElement;
            if (message.GetProperty("type").GetInt32() == 1 && message.GetProperty("target").GetString() == "job")
            {
                var changed = message.GetProperty("arguments")[0];
                if (changed.GetProperty("bookingReference").GetString() == job.Reference && changed.GetProperty("status").GetString() == "Assigned")
                {
                    changed.GetProperty("driverId").GetGuid().ShouldBe(driver.DriverId);
                    break;
                }
            }
        }
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_connections()
    {
        var server = (TestServer)_host.Services.GetRequiredService<IServer>();
        await Should.ThrowAsync<InvalidOperationException>(() => server.CreateWebSocketClient().ConnectAsync(new Uri(server.BaseAddress, "/v1/hubs/dispatch"), CancellationToken.None));
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage && text.Length > 0 && text[^1] == Separator)
            {
                // One frame may carry one record; keep it simple: return the first record.
                return text.ToString().Split(Separator, StringSplitOptions.RemoveEmptyEntries)[0];
            }
        }
    }
}
