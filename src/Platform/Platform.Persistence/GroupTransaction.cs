using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Persistence;

/// <summary>
/// Group commit for writes that many requests make at once: each request hands over what it wants done, one loop per
/// node runs everything waiting at that moment in one transaction of a fresh context, commits once, and only then
/// completes the requests. A request's task completes after its writes are committed (durable, visible to every node),
/// but under load one commit (one WAL sync, one turn of SQLite's single write lock, one round of row locks on
/// PostgreSQL) covers many requests.
/// <para>
/// Each request still fails alone: the batch may give one request an exception of its own (set in its outcome) while
/// the others commit; and when the batch as a whole fails (a unique key, a lost race, a deadlock), every request of it
/// is run again on its own, in a fresh context and transaction, and gets its own outcome. So
/// <see cref="RunBatchAsync"/> may see a request more than once and must be safe to repeat. Nothing is held that another
/// node needs; cross-node rules stay with the database (unique keys, conditional updates, row locks).
/// </para>
/// </summary>
/// <typeparam name="TContext">The module's context; resolved from a fresh scope per batch.</typeparam>
/// <typeparam name="TRequest">What one request asks for.</typeparam>
/// <typeparam name="TResult">What one request gets back.</typeparam>
public abstract class GroupTransaction<TContext, TRequest, TResult> : IAsyncDisposable
    where TContext : DbContext
{
    private const int MaxBatch = 256;

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;

    /// <summary>Created once per node (a singleton).</summary>
    protected GroupTransaction(IServiceScopeFactory scopes, ILogger logger)
    {
        _scopes = scopes;
        _logger = logger;
    }

    private sealed record Pending(TRequest Request, TaskCompletionSource<TResult> Done);

    /// <summary>
    /// Runs <paramref name="request"/> with whatever else is waiting; completes once committed with its result, or
    /// throws what this request alone failed with.
    /// </summary>
    protected Task<TResult> SubmitAsync(TRequest request)
    {
        EnsureStarted();
        var pending = new Pending(request, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return pending.Done.Task;
    }

    /// <summary>
    /// Does the writes of <paramref name="requests"/> on <paramref name="db"/>, inside the transaction this class opens
    /// and commits (so no <c>SaveChanges</c> is needed; it runs after). Set each request's outcome: its result, or the
    /// exception that request alone fails with (its writes must then not have reached the context or the database).
    /// Throwing fails the whole batch, which is then run again one request at a time.
    /// </summary>
    protected abstract Task RunBatchAsync(TContext db, IServiceProvider services, IReadOnlyList<TRequest> requests, Outcome[] outcomes, CancellationToken cancellationToken);

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
                Complete(batch, await CommitAsync(batch));
            }
            catch (Exception e) when (batch.Count > 1)
            {
                // One bad request must not fail its neighbours: run each on its own.
                _logger.LogInformation(e, "Group transaction of {Count} {Context} requests failed; running them one by one", batch.Count, typeof(TContext).Name);
                foreach (var pending in batch)
                {
                    try
                    {
                        Complete([pending], await CommitAsync([pending]));
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

    private static void Complete(List<Pending> batch, Outcome[] outcomes)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error)
            {
                batch[i].Done.TrySetException(error);
            }
            else
            {
                batch[i].Done.TrySetResult(outcomes[i].Result!);
            }
        }
    }

    private async Task<Outcome[]> CommitAsync(List<Pending> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var requests = batch.ConvertAll(p => p.Request);
        var outcomes = new Outcome[batch.Count];

        // Not the requests' tokens: one caller giving up must not roll back its neighbours' writes.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // A retried attempt of the execution strategy starts from a clean slate.
            db.ChangeTracker.Clear();
            Array.Clear(outcomes);
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await RunBatchAsync(db, scope.ServiceProvider, requests, outcomes, CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            return outcomes;
        });
    }

    /// <summary>Stops taking requests and lets the loop finish what it already has.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>What one request of a batch gets: a result, or an exception of its own.</summary>
    /// <param name="Result">The request's result.</param>
    /// <param name="Error">The exception this request alone fails with.</param>
    protected readonly record struct Outcome(TResult? Result, Exception? Error = null);
}
