using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Nots.Dispatch.Live;

/// <summary>
/// Wakes this node's board feed and dispatch worker once a dispatch change is committed, not before: an event consumer's
/// changes commit with its inbox transaction after the handler returns, and a feed woken earlier reads nothing new and
/// then sleeps a whole poll interval.
/// </summary>
internal sealed class BoardCommitInterceptor(BoardSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfCommitted(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfCommitted(eventData);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => signal.Notify();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }

    private void NotifyIfCommitted(SaveChangesCompletedEventData eventData)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            signal.Notify();
        }
    }
}
