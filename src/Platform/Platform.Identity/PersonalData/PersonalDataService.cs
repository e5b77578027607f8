using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.Data;
using Platform.Privacy;

namespace Platform.Identity.PersonalData;

internal sealed record ErasureStepView(string Source, bool Done, int Attempts, DateTimeOffset? CompletedAt, DateTimeOffset? NextAttemptAt, string? LastError);

internal sealed record ErasureRequestView(Guid Id, Guid UserId, string Status, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, IReadOnlyList<ErasureStepView> Steps)
{
    public static ErasureRequestView From(ErasureRequest request) => new(
        request.Id, request.UserId, request.Status, request.RequestedAt, request.CompletedAt,
        [.. request.Steps.OrderBy(s => s.Source, StringComparer.Ordinal).Select(s => new ErasureStepView(
            s.Source, s.CompletedAt is not null, s.Attempts, s.CompletedAt, s.CompletedAt is null ? s.NextAttemptAt : null, s.LastError))]);
}

/// <summary>The outcome of asking for erasure.</summary>
internal sealed record ErasureOutcome(ErasureRequestView? Request, bool Created, IReadOnlyList<string> Blockers, bool NotSelfService);

/// <summary>
/// Export and erasure of one account's personal data across the modules (<see cref="IPersonalDataSource"/>), and the
/// erasure requests the job works through. docs/adr/0008-personal-data-export-and-erasure.md.
/// </summary>
internal sealed class PersonalDataService(
    AppIdentityDbContext db, IServiceProvider services, IdentitySettings settings, ErasureSignal signal, TimeProvider time)
{
    public async Task<PersonalDataExport?> ExportAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var subject = SubjectOf(user, now);
        var roles = await RolesOfAsync(userId, cancellationToken);
        var sections = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var source in Sources())
        {
            sections[source.Name] = await source.ExportAsync(subject, cancellationToken);
        }

        var erasure = await db.ErasureRequests.AsNoTracking().Include(r => r.Steps).SingleOrDefaultAsync(r => r.UserId == userId, cancellationToken);
        return new PersonalDataExport(
            now,
            new AccountExport(user.Id, user.Email ?? "", user.EmailConfirmed, user.Name, user.PhoneNumber, user.CreatedAt, user.TwoFactorEnabled, roles),
            erasure is null ? null : ErasureRequestView.From(erasure),
            sections,
            "Contact e-mail and phone are used to find data given without signing in only once the account has confirmed them.");
    }

    public async Task<ErasureOutcome?> RequestErasureAsync(Guid userId, CancellationToken cancellationToken)
    {
        var existing = await FindForUserAsync(userId, cancellationToken);
        if (existing is not null)
        {
            return new ErasureOutcome(existing, false, [], false);
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await RolesOfAsync(userId, cancellationToken);
        if (roles.Any(r => r != settings.Product.CustomerRole))
        {
            // Staff and drivers are erased by the operator, who must first end their duties and keep what employment law needs.
            return new ErasureOutcome(null, false, [], true);
        }

        var now = time.GetUtcNow();
        var subject = SubjectOf(user, now);
        var sources = Sources();
        var blockers = new List<string>();
        foreach (var source in sources)
        {
            if (await source.ErasureBlockerAsync(subject, cancellationToken) is { Length: > 0 } reason)
            {
                blockers.Add(reason);
            }
        }

        if (blockers.Count > 0)
        {
            return new ErasureOutcome(null, false, blockers, false);
        }

        var request = new ErasureRequest
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Status = sources.Count == 0 ? ErasureStatus.Completed : ErasureStatus.Pending,
            Email = sources.Count == 0 ? null : subject.Email,
            Phone = sources.Count == 0 ? null : subject.Phone,
            RequestedAt = now,
            CompletedAt = sources.Count == 0 ? now : null,
            Steps = [.. sources.Select(s => new ErasureStep { Source = s.Name, NextAttemptAt = now })],
        };

        try
        {
            await CloseAccountAsync(user, request, now, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent request for the same account won the unique key; answer with it.
            db.ChangeTracker.Clear();
            var winner = await FindForUserAsync(userId, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return new ErasureOutcome(winner, false, [], false);
        }

        signal.Notify();
        return new ErasureOutcome(ErasureRequestView.From(request), true, [], false);
    }

    public async Task<ErasureRequestView?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var request = await db.ErasureRequests.AsNoTracking().Include(r => r.Steps).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return request is null ? null : ErasureRequestView.From(request);
    }

    public async Task<IReadOnlyList<ErasureRequestView>> ListAsync(string? status, DateTimeOffset? before, int limit, CancellationToken cancellationToken)
    {
        var query = db.ErasureRequests.AsNoTracking().Include(r => r.Steps).AsQueryable();
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        if (before is { } cursor)
        {
            query = query.Where(r => r.RequestedAt < cursor);
        }

        var page = await query.OrderByDescending(r => r.RequestedAt).Take(limit).ToListAsync(cancellationToken);
        return [.. page.Select(ErasureRequestView.From)];
    }

    /// <summary>
    /// In one transaction: the request and its steps, and the account closed — sign-in data, roles, tokens and personal
    /// fields gone, refresh tokens revoked. Either all of it happens or none, so an account is never closed without the
    /// request that erases the rest, nor a request left while the person can still sign in.
    /// </summary>
    private async Task CloseAccountAsync(AppUser user, ErasureRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            db.ErasureRequests.Add(request);
            var placeholder = $"erased-{user.Id:N}@erased.invalid";
            user.UserName = placeholder;
            user.NormalizedUserName = placeholder.ToUpperInvariant();
            user.Email = placeholder;
            user.NormalizedEmail = placeholder.ToUpperInvariant();
            user.EmailConfirmed = false;
            user.Name = null;
            user.PhoneNumber = null;
            user.PhoneNumberConfirmed = false;
            user.PasswordHash = null;
            user.TwoFactorEnabled = false;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            user.LockoutEnabled = true;
            user.LockoutEnd = ClosedUntil;
            user.AccessFailedCount = 0;
            await db.SaveChangesAsync(token);
            await db.UserRoles.Where(r => r.UserId == user.Id).ExecuteDeleteAsync(token);
            await db.UserClaims.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(token);
            await db.UserLogins.Where(l => l.UserId == user.Id).ExecuteDeleteAsync(token);
            await db.UserTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(token);
            await db.RefreshTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), token);
            await transaction.CommitAsync(token);
        }, cancellationToken);
    }

    /// <summary>Far enough to mean "for ever", and representable by every provider.</summary>
    private static readonly DateTimeOffset ClosedUntil = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task<ErasureRequestView?> FindForUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var request = await db.ErasureRequests.AsNoTracking().Include(r => r.Steps).SingleOrDefaultAsync(r => r.UserId == userId, cancellationToken);
        return request is null ? null : ErasureRequestView.From(request);
    }

    private async Task<List<string>> RolesOfAsync(Guid userId, CancellationToken cancellationToken) =>
        await (from ur in db.UserRoles
               join r in db.Roles on ur.RoleId equals r.Id
               where ur.UserId == userId
               orderby r.Name
               select r.Name!).ToListAsync(cancellationToken);

    private List<IPersonalDataSource> Sources()
    {
        var sources = services.GetServices<IPersonalDataSource>().ToList();
        var duplicate = sources.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? sources
            : throw new InvalidOperationException($"Two personal-data sources are named '{duplicate.Key}'.");
    }

    internal static PersonalDataSubject SubjectOf(AppUser user, DateTimeOffset now) => new(
        user.Id,
        user.EmailConfirmed && !string.IsNullOrEmpty(user.Email) ? user.Email.Trim().ToLowerInvariant() : null,
        user.PhoneNumberConfirmed && !string.IsNullOrEmpty(user.PhoneNumber) ? user.PhoneNumber : null,
        now);
}

internal sealed record AccountExport(Guid Id, string Email, bool EmailConfirmed, string? Name, string? Phone, DateTimeOffset CreatedAt, bool MfaEnabled, IReadOnlyList<string> Roles);

/// <summary>The downloadable export: the account, any erasure request, and one section per module.</summary>
internal sealed record PersonalDataExport(
    DateTimeOffset ExportedAt, AccountExport Account, ErasureRequestView? Erasure, IReadOnlyDictionary<string, object?> Sections, string Note);
