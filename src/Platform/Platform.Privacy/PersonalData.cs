using Microsoft.Extensions.DependencyInjection;

namespace Platform.Privacy;

/// <summary>
/// Whose personal data to export or erase: the account, plus the contact details that find what the person gave us
/// without signing in (guest bookings and orders). <see cref="Email"/> and <see cref="Phone"/> are set only when the
/// account has proved it owns them (confirmed), so nobody can export or erase a stranger's guest data by registering
/// with their address.
/// </summary>
/// <param name="UserId">The account's id (the <c>sub</c> claim).</param>
/// <param name="Email">The account's confirmed e-mail address, lower case; null when not confirmed.</param>
/// <param name="Phone">The account's confirmed phone number (E.164); null when unknown or not confirmed.</param>
/// <param name="RequestedAt">When the person asked (UTC); retention rules are judged against the erasure's run time.</param>
public sealed record PersonalDataSubject(Guid UserId, string? Email, string? Phone, DateTimeOffset RequestedAt)
{
    /// <summary>The user id as modules store it in string columns.</summary>
    public string UserKey => UserId.ToString();

    /// <summary>True when <paramref name="email"/> is the subject's confirmed address (case-insensitive).</summary>
    public bool HasEmail(string? email) =>
        Email is not null && email is not null && string.Equals(Email, email.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A module's part of a person's data (GDPR arts. 15, 17, 20). Registered with
/// <see cref="PersonalDataServiceCollectionExtensions.AddPersonalDataSource{TSource}"/>; scoped, so it may take the
/// module's DbContext.
/// </summary>
public interface IPersonalDataSource
{
    /// <summary>Stable section name in the export and in erasure progress, e.g. <c>bookings</c>.</summary>
    string Name { get; }

    /// <summary>The subject's data held by the module as a JSON-serialisable object (records, lists); null when none.</summary>
    Task<object?> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken);

    /// <summary>
    /// Why the subject cannot be erased now (e.g. a journey still to run, an order not yet delivered), for the person to
    /// read; null when nothing stands in the way. Checked before the erasure request is accepted.
    /// </summary>
    Task<string?> ErasureBlockerAsync(PersonalDataSubject subject, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>
    /// Erases or pseudonymises the subject's data, keeping what the law makes the module keep. Runs in its own scope
    /// from a durable job, at least once: it must be idempotent (a second run changes nothing) and commit atomically
    /// (one SaveChanges or one transaction), so a crash leaves it either done or not started.
    /// </summary>
    Task EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken);
}

/// <summary>Registration of personal-data sources.</summary>
public static class PersonalDataServiceCollectionExtensions
{
    /// <summary>Adds <typeparamref name="TSource"/> as one of the host's <see cref="IPersonalDataSource"/>s (scoped).</summary>
    public static IServiceCollection AddPersonalDataSource<TSource>(this IServiceCollection services)
        where TSource : class, IPersonalDataSource
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddScoped<IPersonalDataSource, TSource>();
    }
}

/// <summary>Replacement values for erased fields, the same in every module so an erased row is recognisable.</summary>
public static class Erased
{
    /// <summary>What an erased e-mail address becomes (RFC 2606 <c>.invalid</c>, never deliverable).</summary>
    public const string Email = "erased@erased.invalid";

    /// <summary>What an erased name becomes.</summary>
    public const string Name = "Erased";

    /// <summary>What other erased text becomes.</summary>
    public const string Text = "";
}

/// <summary>
/// Literals for SQL <c>LIKE</c> with <c>EF.Functions.Like(column, pattern, SqlLike.EscapeCharacter)</c>, the same on SQLite and
/// PostgreSQL: the wildcards in an address (<c>_</c> is common) match only themselves.
/// </summary>
public static class SqlLike
{
    /// <summary>The escape character to pass to <c>EF.Functions.Like</c>.</summary>
    public const string EscapeCharacter = "\\";

    /// <summary><paramref name="literal"/> with <c>\</c>, <c>%</c> and <c>_</c> escaped.</summary>
    public static string Escape(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        return literal.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
    }
}
