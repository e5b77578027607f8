using System.Globalization;
using System.Security.Claims;
using System.Text.Json;

namespace Platform.Identity.PersonalData;

/// <summary>A download of everything held about the account holder.</summary>
/// <param name="FileName">e.g. <c>personal-data-20261123.json</c>.</param>
/// <param name="ContentType"><c>application/json</c>.</param>
/// <param name="Content">The document, the same as <c>GET auth/me/data</c> returns.</param>
public sealed record PersonalDataFile(string FileName, string ContentType, byte[] Content);

/// <summary>What became of an erasure request.</summary>
/// <param name="Accepted">True when the request is recorded (or already was) and the account closed.</param>
/// <param name="RequestId">The request, when accepted.</param>
/// <param name="Reasons">Why not, when refused: journeys still to run, orders still to deliver, or a staff account.</param>
public sealed record ErasureResult(bool Accepted, Guid? RequestId, IReadOnlyList<string> Reasons);

/// <summary>
/// The account holder's data rights (UK GDPR arts. 15, 17 and 20) for a product's own pages: the same export and erasure
/// as <c>GET auth/me/data</c> and <c>POST auth/me/erasure</c>, for the signed-in principal.
/// </summary>
public interface IPersonalDataRights
{
    /// <summary>The signed-in user's data; null when the principal is not a known account.</summary>
    Task<PersonalDataFile?> ExportAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    /// <summary>Records the erasure (which closes the account at once); null when the principal is not a known account.</summary>
    Task<ErasureResult?> RequestErasureAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);
}

internal sealed class PersonalDataRights(PersonalDataService service, TimeProvider time) : IPersonalDataRights
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static string StaffReason => "Staff and driver accounts are erased by the operator: duties and employment records must be handed over first.";

    public async Task<PersonalDataFile?> ExportAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (UserIdOf(user) is not { } userId || await service.ExportAsync(userId, cancellationToken) is not { } export)
        {
            return null;
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"personal-data-{time.GetUtcNow():yyyyMMdd}.json");
        return new PersonalDataFile(name, "application/json", JsonSerializer.SerializeToUtf8Bytes(export, ExportJson));
    }

    public async Task<ErasureResult?> RequestErasureAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (UserIdOf(user) is not { } userId || await service.RequestErasureAsync(userId, cancellationToken) is not { } outcome)
        {
            return null;
        }

        return outcome.NotSelfService
            ? new ErasureResult(false, null, [StaffReason])
            : outcome.Request is { } request ? new ErasureResult(true, request.Id, []) : new ErasureResult(false, null, outcome.Blockers);
    }

    public static Guid? UserIdOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue("sub") ?? principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
