using System.Net.Sockets;

namespace Cluster.Tests;

/// <summary>Counts every HTTP request a load sends and how it ended: 2xx/3xx, 4xx, 5xx, or no answer at all.</summary>
public sealed class Tally : DelegatingHandler
{
    private long _requests;
    private long _success;
    private long _clientErrors;
    private long _serverErrors;
    private long _noAnswer;

    public Tally()
        : base(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromSeconds(30), AllowAutoRedirect = false })
    {
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long Success => Interlocked.Read(ref _success);

    public long ClientErrors => Interlocked.Read(ref _clientErrors);

    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    public long NoAnswer => Interlocked.Read(ref _noAnswer);

    public HttpClient Client(Uri baseAddress) => new(this, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public override string ToString() =>
        $"{Requests} requests: {Success} 2xx/3xx, {ClientErrors} 4xx, {ServerErrors} 5xx, {NoAnswer} without an answer";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            Interlocked.Increment(ref status < 400 ? ref _success : ref status < 500 ? ref _clientErrors : ref _serverErrors);
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or TaskCanceledException)
        {
            Interlocked.Increment(ref _noAnswer);
            throw;
        }
    }
}
