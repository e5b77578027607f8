using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Platform.Persistence;

/// <summary>
/// Group commit for inserts that many requests make at once (quotes, bookings): each request hands over what it wants
/// added, and <see cref="GroupTransaction{TContext, TRequest, TResult}"/> commits everything waiting at that moment in
/// one transaction. A request's task completes only after its rows are committed. When a batch fails (a unique key, a
/// bad row), every request of it is retried on its own in a fresh context, so the add callback may run more than once,
/// each time on a fresh context: it must only add entities (no I/O, no reads) and be safe to repeat.
/// </summary>
/// <typeparam name="TContext">The module's context; resolved from a fresh scope per commit.</typeparam>
public sealed class GroupCommit<TContext> : GroupTransaction<TContext, Action<TContext>, bool>
    where TContext : DbContext
{
    /// <summary>Created once per node (singleton), see <see cref="GroupCommitServiceCollectionExtensions.AddGroupCommit{TContext}"/>.</summary>
    public GroupCommit(IServiceScopeFactory scopes, ILogger<GroupCommit<TContext>> logger)
        : base(scopes, logger)
    {
    }

    /// <summary>
    /// Adds through <paramref name="add"/> and commits with whatever else is waiting. Completes once committed; throws
    /// what <c>SaveChanges</c> threw for this request alone (e.g. <see cref="DbUpdateException"/> on a unique key).
    /// </summary>
    /// <param name="add">Adds this request's entities to the given context; may be called more than once.</param>
    public Task SaveAsync(Action<TContext> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        return SubmitAsync(add);
    }

    /// <inheritdoc />
    protected override Task RunBatchAsync(TContext db, IServiceProvider services, IReadOnlyList<Action<TContext>> requests, Outcome[] outcomes, CancellationToken cancellationToken)
    {
        for (var i = 0; i < requests.Count; i++)
        {
            requests[i](db);
            outcomes[i] = new(true);
        }

        return Task.CompletedTask;
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
