using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Payments.Sandbox;

namespace Platform.Tests.Payments;

/// <summary>The default sender over real HTTP, against a receiver on a real port.</summary>
public sealed class HttpWebhookSenderTests : IAsyncLifetime
{
    private WebApplication _receiver = null!;
    private Uri _baseUrl = null!;
    private readonly List<(string Body, string Signature, string ContentType)> _received = [];
    private int _answer = 200;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _receiver = builder.Build();
        _receiver.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            _received.Add((await reader.ReadToEndAsync(), request.Headers["Stripe-Signature"].ToString(), request.ContentType ?? ""));
            return Results.StatusCode(_answer);
        });
        await _receiver.StartAsync();
        _baseUrl = new Uri(_receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static HttpWebhookSender Sender()
    {
        var services = new ServiceCollection();
        services.AddHttpClient();
        return new HttpWebhookSender(services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>());
    }

    [Fact]
    public async Task Posts_the_payload_with_the_signature_header()
    {
        var result = await Sender().SendAsync(new WebhookDelivery(new Uri(_baseUrl, "/hooks"), "evt_1", """{"id":"evt_1"}""", "t=1,v1=ab"), CancellationToken.None);

        result.ShouldBe(new WebhookDeliveryResult(true, 200, null));
        var received = _received.Single();
        received.Body.ShouldBe("""{"id":"evt_1"}""");
        received.Signature.ShouldBe("t=1,v1=ab");
        received.ContentType.ShouldStartWith("application/json");
    }

    [Fact]
    public async Task A_non_2xx_answer_is_a_failed_delivery()
    {
        _answer = 500;

        var result = await Sender().SendAsync(new WebhookDelivery(new Uri(_baseUrl, "/hooks"), "evt_2", "{}", "t=1,v1=ab"), CancellationToken.None);

        result.ShouldBe(new WebhookDeliveryResult(false, 500, "HTTP 500"));
    }

    [Fact]
    public async Task An_unreachable_receiver_is_a_failed_delivery_not_an_exception()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Sender().SendAsync(new WebhookDelivery(new Uri($"http://127.0.0.1:{port}/hooks"), "evt_3", "{}", "t=1,v1=ab"), CancellationToken.None);

        result.Succeeded.ShouldBeFalse();
        result.StatusCode.ShouldBeNull();
        result.Error.ShouldNotBeNullOrWhiteSpace();
    }
}
