using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The real NOTS host on a real Kestrel port, on its own database, quoting with the default tariff the host stores on
/// first start (the journey asserts no prices, so the hour the suite runs does not matter).
/// </summary>
internal sealed class NotsSiteHost : IAsyncDisposable
{
    private readonly ProductFactory<Nots.Web.Program> _factory;

    private NotsSiteHost(ProductFactory<Nots.Web.Program> factory, string baseUrl)
    {
        _factory = factory;
        BaseUrl = baseUrl;
        Api = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }

    public HttpClient Api { get; }

    /// <summary>The host's services (to create staff and driver accounts).</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>Starts the host; <paramref name="settings"/> override the defaults (later wins).</summary>
    public static async Task<NotsSiteHost> StartAsync(params KeyValuePair<string, string?>[] settings)
    {
        var factory = await ProductFactory<Nots.Web.Program>.CreateAsync("Nots",
        [
            new("Identity:RequireStaffMfa", "false"),
            new("Payments:Sandbox:PollInterval", "00:00:00.100"),
            new("Messaging:PollInterval", "00:00:00.100"),
            new("Bookings:WorkerPollInterval", "00:00:00.200"),
            .. settings,
        ]);
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new NotsSiteHost(factory, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _factory.DisposeAsync();
    }
}
