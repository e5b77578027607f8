using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Platform.Messaging.RabbitMq;

/// <summary>
/// The node's two broker connections, opened on first use: one for publishing and one for consuming, so flow
/// control applied to a busy publisher never stalls acknowledgements. Both use the client's automatic recovery
/// (reconnect, re-open channels, re-register consumers); until the first connect succeeds, each caller retries.
/// </summary>
internal sealed partial class RabbitMqConnections(IOptions<RabbitMqOptions> options, ILogger<RabbitMqConnections> logger)
    : IMessageTransportStatus, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _publisher;
    private IConnection? _consumer;
    private string _lastError = "not connected yet";
    private bool _disposed;

    public string Transport => MessageTransports.RabbitMq;

    public bool IsConnected => (_publisher is not null || _consumer is not null)
        && (_publisher?.IsOpen ?? true) && (_consumer?.IsOpen ?? true);

    public string Detail => IsConnected ? $"connected to {Endpoint}" : $"{Endpoint}: {_lastError}";

    private string Endpoint => $"{options.Value.Uri.Host}:{(options.Value.Uri.IsDefaultPort ? 5672 : options.Value.Uri.Port)}";

    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        if (_consumer is null && !_disposed)
        {
            try
            {
                await ConsumerAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not OutOfMemoryException)
            {
                // Recorded as the detail; the state is "not connected".
            }
        }

        return IsConnected;
    }

    public Task<IConnection> PublisherAsync(CancellationToken cancellationToken) => GetAsync(publisher: true, cancellationToken);

    public Task<IConnection> ConsumerAsync(CancellationToken cancellationToken) => GetAsync(publisher: false, cancellationToken);

    private async Task<IConnection> GetAsync(bool publisher, CancellationToken cancellationToken)
    {
        var existing = publisher ? _publisher : _consumer;
        if (existing is not null)
        {
            return existing;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            existing = publisher ? _publisher : _consumer;
            if (existing is not null)
            {
                return existing;
            }

            var settings = options.Value;
            var factory = new ConnectionFactory
            {
                Uri = settings.Uri,
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = settings.ReconnectDelay,
                ClientProvidedName = $"{Environment.MachineName}/{Environment.ProcessId} {(publisher ? "publish" : "consume")}",
                ConsumerDispatchConcurrency = Math.Max(settings.ConsumerConcurrency, (ushort)1),
            };
            IConnection connection;
            try
            {
                connection = await factory.CreateConnectionAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _lastError = ex.GetBaseException().Message;
                throw;
            }

            connection.ConnectionShutdownAsync += OnShutdownAsync;
            connection.RecoverySucceededAsync += OnRecoveredAsync;
            if (publisher)
            {
                _publisher = connection;
            }
            else
            {
                _consumer = connection;
            }

            LogConnected(publisher ? "publishing" : "consuming", Endpoint);
            return connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs args)
    {
        _lastError = $"connection lost ({args.ReplyCode} {args.ReplyText})";
        if (!_disposed)
        {
            LogConnectionLost(args.ReplyCode, args.ReplyText);
        }

        return Task.CompletedTask;
    }

    private Task OnRecoveredAsync(object sender, AsyncEventArgs args)
    {
        LogRecovered(Endpoint);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var connection in new[] { _publisher, _consumer })
            {
                if (connection is null)
                {
                    continue;
                }

                try
                {
                    await connection.CloseAsync(TimeSpan.FromSeconds(5));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogCloseFailed(ex);
                }

                connection.Dispose();
            }

            _publisher = null;
            _consumer = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ {Role} connection open to {Endpoint}")]
    private partial void LogConnected(string role, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ connection lost ({Code} {Text}); the client reconnects on its own")]
    private partial void LogConnectionLost(ushort code, string text);

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ connection to {Endpoint} recovered")]
    private partial void LogRecovered(string endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing a RabbitMQ connection failed")]
    private partial void LogCloseFailed(Exception exception);
}
