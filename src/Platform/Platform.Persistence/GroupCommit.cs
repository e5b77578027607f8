using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Platform.Persistence;

/// <summary>
/// Group commit for inserts that many requests make at once (quotes, bookings): each request hands over what it wants
/// added, one writer loop per node adds everything waiting to one context and commits it in one transaction, then
/// releases all of them. A request's task completes only after its rows are committed (durable, visible to every
/// node), but under load one commit (one WAL sync, one turn of SQLite's single write lock) covers many requests.
/// <para>
/// Each request still fails alone: when a batch fails (a unique key, a bad row), every request of it is retried on
/// its own in a fresh context and gets its own outcome. So the add callback may run more than once, each time on a
/// fresh context: it must only add entities (no I/O, no reads) and be safe to repeat. Nothing is held that another
/// node needs; cross-node rules stay with the database (unique keys, conditional updates).
/// </para>
/// </summary>
/// <typeparam name="TContext">The module's context; resolved from a fresh scope per commit.</typeparam>
public sealed class GroupCommit<TContext> : IAsyncDisposable
    where TContext : DbContext
{
    private const int MaxBatch = 256;

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<GroupCommit<TContext>> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;

    /// <summary>Created once per node (singleton), see <see cref="GroupCommitServiceCollectionExtensions.AddGroupCommit{TContext}"/>.</summary>
    public GroupCommit(IServiceScopeFactory scopes, ILogger<GroupCommit<TContext>> logger)
    {
        _scopes = scopes;
        _logger = logger;
    }

    private sealed record Pending(Action<TContext> Add, TaskCompletionSource Done);

    /// <summary>
    /// Adds through <paramref name="add"/> and commits with whatever else is waiting. Completes once committed; throws
    /// what <c>SaveChanges</c> threw for this request alone (e.g. <see cref="DbUpdateException"/> on a unique key).
    /// </summary>
    /// <param name="add">Adds this request's entities to the given context; may be called more than once.</param>
    public Task SaveAsync(Action<TContext> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        EnsureStarted();
        var pending = new Pending(add, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Done.Task;
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await CommitAsync(batch);
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (Exception e) when (batch.Count > 1)
            {
                // One bad request must not fail its neighbours: retry each on its own.
                _logger.LogInformation(e, "Group commit of {Count} {Context} requests failed; retrying one by one", batch.Count, typeof(TContext).Name);
                foreach (var pending in batch)
                {
                    try
                    {
                        await CommitAsync([pending]);
                        pending.Done.TrySetResult();
                    }
                    catch (Exception single)
                    {
                        pending.Done.TrySetException(single);
                    }
                }
            }
            catch (Exception e)
            {
                batch.ForEach(p => p.Done.TrySetException(e));
            }
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        foreach (var pending in batch)
        {
            pending.Add(db);
        }

        // Not the requests' tokens: one caller giving up must not roll back its neighbours' rows.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Stops taking requests and lets the loop commit what it already has.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }
    }
}

/// <summary>Registration of <see cref="GroupCommit{TContext}"/>.</summary>
public static class GroupCommitServiceCollectionExtensions
{
    /// <summary>Registers one <see cref="GroupCommit{TContext}"/> per node for a module context.</summary>
    public static IServiceCollection AddGroupCommit<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.TryAddSingleton<GroupCommit<TContext>>();
        return services;
    }
}
