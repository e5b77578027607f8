using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nots.Dispatch.Data;
using Nots.Dispatch.Features;

namespace Nots.Dispatch.Live;

/// <summary>Wakes this node's worker and feed right after a local commit; other nodes see the change by polling.</summary>
internal sealed class BoardSignal : IDisposable
{
    private readonly SemaphoreSlim _feed = new(0, 1);
    private readonly SemaphoreSlim _worker = new(0, 1);

    public void Notify()
    {
        Release(_feed);
        Release(_worker);
    }

    public Task<bool> WaitFeedAsync(TimeSpan timeout, CancellationToken cancellationToken) => _feed.WaitAsync(timeout, cancellationToken);

    public Task<bool> WaitWorkerAsync(TimeSpan timeout, CancellationToken cancellationToken) => _worker.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _feed.Dispose();
        _worker.Dispose();
    }

    private static void Release(SemaphoreSlim semaphore)
    {
        try
        {
            semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }
}

/// <summary>A live subscriber: staff see every job, a driver only jobs offered or assigned to them.</summary>
internal sealed class BoardSubscription(BoardFeed feed, Guid? driverId) : IDisposable
{
    private readonly Channel<JobView> _channel = Channel.CreateBounded<JobView>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });

    public Guid? DriverId => driverId;

    public ChannelReader<JobView> Reader => _channel.Reader;

    public void Offer(JobView job)
    {
        if (driverId is null || job.DriverId == driverId)
        {
            _channel.Writer.TryWrite(job);
        }
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        feed.Unsubscribe(this);
    }
}

/// <summary>
/// Node-local fan-out of job changes to live clients (SSE and the SignalR hub). Every job change bumps the shared
/// board counter in its transaction; each node polls that one row (and is woken at once by its own commits), reads
/// the jobs stamped after the last version it saw, and pushes them to the clients connected to it. The counter's row
/// lock orders commits, so reading <c>board_version &gt; seen</c> never skips a change another node committed late.
/// </summary>
internal sealed class BoardFeed(
    IServiceScopeFactory scopes,
    BoardSignal signal,
    DispatchOptions options,
    IHubContext<DispatchHub> hub,
    ILogger<BoardFeed> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<BoardSubscription, byte> _subscribers = new();
    private long _seen = -1;

    public long Seen => Interlocked.Read(ref _seen);

    public BoardSubscription Subscribe(Guid? driverId)
    {
        var subscription = new BoardSubscription(this, driverId);
        _subscribers[subscription] = 0;
        return subscription;
    }

    public void Unsubscribe(BoardSubscription subscription) => _subscribers.TryRemove(subscription, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Dispatch board poll failed; will try again");
            }

            try
            {
                await signal.WaitFeedAsync(options.BoardPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DispatchDbContext>();
        var version = await db.Board.AsNoTracking().Where(b => b.Id == 1).Select(b => b.Version).FirstOrDefaultAsync(cancellationToken);
        var seen = Seen;
        if (seen < 0)
        {
            Interlocked.Exchange(ref _seen, version);
            return;
        }

        if (version <= seen)
        {
            return;
        }

        var changed = await db.Jobs.AsNoTracking().Where(j => j.BoardVersion > seen && j.BoardVersion <= version)
            .OrderBy(j => j.BoardVersion).Take(500).ToListAsync(cancellationToken);
        foreach (var job in changed)
        {
            var view = JobView.From(job);
            foreach (var subscriber in _subscribers.Keys)
            {
                subscriber.Offer(view);
            }

            await hub.Clients.Group(DispatchHub.StaffGroup).SendAsync("job", view, cancellationToken);
            if (job.DriverId is { } driver)
            {
                await hub.Clients.Group(DispatchHub.DriverGroup(driver)).SendAsync("job", view, cancellationToken);
            }
        }

        // A full page means more to read: continue from the last one delivered.
        Interlocked.Exchange(ref _seen, changed.Count == 500 ? changed[^1].BoardVersion : version);
    }
}
