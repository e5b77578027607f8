using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Fleet;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Nots.Fleet.Domain.Rules;
using Nots.Fleet.Notifications;
using Platform.Identity;
using Platform.Messaging;
using Platform.Notifications;
using Platform.Web;

namespace Nots.Fleet.Features.Drivers;

/// <summary>A new driver: who they are and their licences.</summary>
/// <param name="Name">Full name.</param>
/// <param name="Email">Sign-in and contact address; unique.</param>
/// <param name="Phone">E.164, or a UK number (normalised to E.164).</param>
/// <param name="LicenceNumber">DVLA licence number (16 characters); unique.</param>
/// <param name="BadgeNumber">Council private-hire driver badge number; unique.</param>
/// <param name="StartDate">First working day.</param>
/// <param name="Status"><c>active</c> (default) or <c>suspended</c>.</param>
public sealed record OnboardDriverRequest(
    [Required, StringLength(200)] string? Name,
    [Required, StringLength(254)] string? Email,
    [Required, StringLength(30)] string? Phone,
    [Required, StringLength(30)] string? LicenceNumber,
    [Required, StringLength(30)] string? BadgeNumber,
    DateOnly? StartDate = null,
    [StringLength(20)] string? Status = null);

/// <summary>
/// <c>POST /v1/drivers</c> (admin, owner): creates the driver's sign-in account with the <c>driver</c> role through
/// Identity, then the driver record, the <c>DriverOnboarded</c> event and the invitation e-mail (a one-time link to set a
/// password) in one commit. An address that already has an account (e.g. a customer) gets the driver role added.
/// </summary>
internal static class OnboardDriver
{
    public static void Map(RouteGroupBuilder drivers) =>
        drivers.MapPost("", HandleAsync).RequireAuthorization(PlatformPolicies.Operations).WithName("OnboardDriver")
            .WithSummary("Onboard a driver: account with the driver role, record, invitation e-mail (admin, owner)");

    private static async Task<Results<Created<DriverResponse>, ValidationProblem>> HandleAsync(
        OnboardDriverRequest request,
        HttpContext http,
        FleetDbContext db,
        IAccounts accounts,
        ComplianceReader compliance,
        FleetOptions options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var input = DriverInput.Normalise(request.Name, request.Email, request.Phone, request.LicenceNumber, request.BadgeNumber, required: true, errors);
        var status = request.Status?.Trim().ToLowerInvariant() ?? DriverStatuses.Active;
        if (status is not (DriverStatuses.Active or DriverStatuses.Suspended))
        {
            errors["status"] = ["A new driver is active or suspended."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        await DriverInput.CheckUniqueAsync(db, null, input.Email, input.LicenceNumber, input.BadgeNumber, cancellationToken);

        Guid userId;
        try
        {
            // A random password nobody knows: the driver chooses theirs through the invitation link.
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            userId = await accounts.EnsureAsync(input.Email!, password, input.Name, FleetCaller.DriverRole, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new DomainException("driver_account_invalid", ex.Message);
        }

        if (await db.Drivers.AnyAsync(d => d.UserId == userId, cancellationToken))
        {
            throw FleetErrors.Taken("email_taken", "driver already has this sign-in account");
        }

        var token = await accounts.CreatePasswordResetTokenAsync(userId, cancellationToken);
        var now = time.GetUtcNow();
        var driver = Driver.Onboard(userId, input.Name!, input.Email!, input.Phone!, input.LicenceNumber!, input.BadgeNumber!, request.StartDate, status, now);
        db.Drivers.Add(driver);
        var actor = FleetCallerId(http);
        db.AddIntegrationEvent(new DriverOnboardedIntegrationEvent(driver.Id, userId, driver.Name, driver.Email, driver.Phone, driver.LicenceNumber,
            driver.BadgeNumber, driver.Status, driver.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), actor, now));
        Invitation.Request(db, driver, token, Links.BaseUrl(options, http.Request), options);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Lost a race with another onboarding of the same address, licence or badge.
            throw FleetErrors.Taken("driver_taken", "driver with this e-mail, licence or badge number was onboarded at the same time");
        }

        return TypedResults.Created($"{http.Request.PathBase}/v1/drivers/{driver.Id}", await DriverViews.ToResponseAsync(db, compliance, driver, cancellationToken));
    }

    public static Guid? FleetCallerId(HttpContext http) =>
        Guid.TryParse(http.User.FindFirst("sub")?.Value, out var id) ? id : null;
}

/// <summary>The invitation e-mail: a link with the address and the one-time token.</summary>
internal static class Invitation
{
    public static void Request(FleetDbContext db, Driver driver, string token, string baseUrl, FleetOptions options)
    {
        var link = $"{baseUrl}{options.InvitationPath}?email={Uri.EscapeDataString(driver.Email)}&token={Uri.EscapeDataString(token)}";
        db.RequestEmail(FleetTemplates.Invitation, driver.Email, new { driver.FirstName, driver.Email, Link = link }, "driver-" + driver.Id.ToString("N"));
    }
}

/// <summary>Normalising and checking driver details, shared by onboarding and editing.</summary>
internal static class DriverInput
{
    public sealed record Normalised(string? Name, string? Email, string? Phone, string? LicenceNumber, string? BadgeNumber);

    public static Normalised Normalise(string? name, string? email, string? phone, string? licence, string? badge, bool required, Dictionary<string, string[]> errors)
    {
        string? n = null, e = null, p = null, l = null, b = null;
        if (name is not null || required)
        {
            n = name?.Trim();
            if (string.IsNullOrEmpty(n) || n.Length > 200)
            {
                errors["name"] = ["Name is required (at most 200 characters)."];
            }
        }

        if (email is not null || required)
        {
            if (!EmailAddress.TryNormalise(email, out e))
            {
                errors["email"] = ["E-mail address is not valid."];
            }
        }

        if (phone is not null || required)
        {
            if (!PhoneNumber.TryNormalise(phone, out p))
            {
                errors["phone"] = ["Phone must be an E.164 number (+447700900123) or a UK number (07700 900123)."];
            }
        }

        if (licence is not null || required)
        {
            if (!LicenceNumber.TryNormalise(licence, out l))
            {
                errors["licenceNumber"] = ["Not a DVLA licence number: 16 characters, e.g. MORGA753116SM9IJ."];
            }
        }

        if (badge is not null || required)
        {
            if (!CouncilNumber.TryNormalise(badge, out b))
            {
                errors["badgeNumber"] = ["Badge number: letters, digits, '-' or '/', at most 30 characters."];
            }
        }

        return new Normalised(n, e, p, l, b);
    }

    /// <summary>409 naming the first taken identifier; the unique indexes still decide races.</summary>
    public static async Task CheckUniqueAsync(FleetDbContext db, Guid? self, string? email, string? licence, string? badge, CancellationToken cancellationToken)
    {
        var others = db.Drivers.AsNoTracking().Where(d => d.Id != self);
        if (email is not null)
        {
            var key = EmailKey.Of(email);
            if (await others.AnyAsync(d => d.EmailKey == key, cancellationToken))
            {
                throw FleetErrors.Taken("email_taken", "driver has this e-mail address");
            }
        }

        if (licence is not null && await others.AnyAsync(d => d.LicenceNumber == licence, cancellationToken))
        {
            throw FleetErrors.Taken("licence_number_taken", "driver has this licence number");
        }

        if (badge is not null && await others.AnyAsync(d => d.BadgeNumber == badge, cancellationToken))
        {
            throw FleetErrors.Taken("badge_number_taken", "driver has this badge number");
        }
    }
}
