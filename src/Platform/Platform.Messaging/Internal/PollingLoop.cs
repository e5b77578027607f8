namespace Platform.Messaging.Internal;

/// <summary>
/// The loop shared by the outbox dispatcher and the delivery worker: run a round, and when it claimed less than a
/// full batch wait for a wake-up signal or the poll interval. A failed round is reported and retried next time.
/// </summary>
internal static class PollingLoop
{
    public static async Task RunAsync(
        Func<CancellationToken, Task<int>> round, int batchSize, Signal signal, TimeSpan pollInterval, Action<Exception> roundFailed, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await round(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                roundFailed(ex);
            }

            if (claimed < batchSize)
            {
                try
                {
                    await signal.WaitAsync(pollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
