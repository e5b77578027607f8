using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nots.Pricing.Data;

/// <summary>
/// Group commit for quotes: requests hand their row to one writer loop per node, which inserts everything waiting in
/// one transaction and then releases all of them. A request still answers only after its row is committed (so a
/// <c>GET</c> on any node finds it), but under load one fsync covers many quotes, and on SQLite the node's writers
/// no longer queue for the file lock one by one. Nothing is held that another node needs: rows are committed
/// before anyone sees their id.
/// </summary>
internal sealed class QuoteWriter(IServiceScopeFactory scopes, ILogger<QuoteWriter> logger) : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;

    private sealed record Pending(QuoteRecord Row, TaskCompletionSource Done);

    public Task SaveAsync(QuoteRecord row)
    {
        EnsureStarted();
        var pending = new Pending(row, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
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
                await InsertAsync(batch.Select(p => p.Row));
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (Exception e) when (batch.Count > 1)
            {
                // One bad row must not fail its neighbours: retry each on its own.
                logger.LogWarning(e, "Batch insert of {Count} quotes failed; retrying one by one", batch.Count);
                foreach (var pending in batch)
                {
                    try
                    {
                        await InsertAsync([pending.Row]);
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

    private async Task InsertAsync(IEnumerable<QuoteRecord> rows)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        db.Quotes.AddRange(rows);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }
    }
}
