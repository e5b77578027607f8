using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Platform.Identity;

namespace Nots.Fleet.Features;

/// <summary>
/// Who is asking. Admins (operations: admin, owner) manage the fleet and see every document; staff (with dispatchers)
/// see drivers and vehicles; a driver sees their own record, their vehicles and their documents.
/// </summary>
internal sealed record FleetCaller(Guid? UserId, bool IsAdmin, bool IsStaff, bool IsDriver)
{
    public const string DriverRole = "driver";

    public static async Task<FleetCaller> FromAsync(HttpContext http, IAuthorizationService authorization)
    {
        var user = http.User;
        var sub = Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : (Guid?)null;
        var admin = (await authorization.AuthorizeAsync(user, PlatformPolicies.Operations)).Succeeded;
        var staff = admin || (await authorization.AuthorizeAsync(user, PlatformPolicies.Staff)).Succeeded;
        var driver = (await authorization.AuthorizeAsync(user, PlatformPolicies.Role(DriverRole))).Succeeded;
        return new FleetCaller(sub, admin, staff, driver);
    }

    /// <summary>The driver record of the signed-in driver, or null.</summary>
    public async Task<Driver?> OwnDriverAsync(FleetDbContext db, CancellationToken cancellationToken) =>
        IsDriver && UserId is { } user ? await db.Drivers.FirstOrDefaultAsync(d => d.UserId == user, cancellationToken) : null;

    /// <summary>
    /// Whether the caller may see (and upload) documents of an owner: admins any; a driver their own and those of the
    /// vehicles assigned to them. Everyone else is told the owner does not exist.
    /// </summary>
    public async Task<bool> MayHandleDocumentsOfAsync(FleetDbContext db, string ownerType, Guid ownerId, CancellationToken cancellationToken)
    {
        if (IsAdmin)
        {
            return true;
        }

        if (!IsDriver || UserId is not { } user)
        {
            return false;
        }

        return ownerType == OwnerTypes.Driver
            ? await db.Drivers.AnyAsync(d => d.Id == ownerId && d.UserId == user, cancellationToken)
            : await db.VehicleDrivers.AnyAsync(a => a.VehicleId == ownerId && db.Drivers.Any(d => d.Id == a.DriverId && d.UserId == user), cancellationToken);
    }
}

internal static class Problems
{
    public static ValidationProblem Validation(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is invalid.", extensions: new Dictionary<string, object?> { ["code"] = "validation_failed" });

    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });
}

/// <summary>Opaque keyset cursors: base64url of the sort key's parts.</summary>
internal static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode(params string[] parts) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\n', parts))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string[]? Decode(string? cursor, int parts)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 1000)
        {
            return null;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('\n');
            return decoded.Length == parts ? decoded : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static bool CheckLimit(int? limit, Dictionary<string, string[]> errors, out int take)
    {
        take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            errors["limit"] = [string.Create(CultureInfo.InvariantCulture, $"limit must be 1 to {MaxLimit}.")];
            return false;
        }

        return true;
    }
}
