using System.Security.Claims;

namespace NovaTech.Web.Storefront.Account;

/// <summary>A copy of everything we hold about the account holder, as a file to download.</summary>
public sealed record AccountDataExport(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The account holder's data rights (UK GDPR arts. 15, 17 and 20) behind the account page's two buttons. The platform's
/// <c>GET &lt;api&gt;/auth/me/data</c> and <c>POST &lt;api&gt;/auth/me/erasure</c> (branch gdpr) are to provide them: register an
/// adapter over that code in <see cref="AccountPages.AddAccountPages"/> in place of <see cref="NotConnectedAccountDataRights"/>.
/// </summary>
public interface IAccountDataRights
{
    /// <summary>False while nothing provides export and erasure: the page says so instead of offering the buttons.</summary>
    bool IsAvailable { get; }

    /// <summary>The signed-in user's data (the same document as <c>GET auth/me/data</c>).</summary>
    Task<AccountDataExport> ExportAsync(ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>Erases (or pseudonymises where the law keeps records) the signed-in user's data, as <c>POST auth/me/erasure</c>.</summary>
    Task RequestErasureAsync(ClaimsPrincipal user, CancellationToken cancellationToken);
}

/// <summary>Until the GDPR endpoints land: not available, and says so if called.</summary>
internal sealed class NotConnectedAccountDataRights : IAccountDataRights
{
    public bool IsAvailable => false;

    public Task<AccountDataExport> ExportAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Data export is not connected yet (auth/me/data).");

    public Task RequestErasureAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Erasure is not connected yet (auth/me/erasure).");
}
