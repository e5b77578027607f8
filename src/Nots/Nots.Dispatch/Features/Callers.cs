using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Allocation;
using Platform.Identity;
using Platform.Web;

namespace Nots.Dispatch.Features;

/// <summary>Works out who is calling: staff (dispatcher, admin, owner) or a driver known to the fleet.</summary>
internal static class Callers
{
    public static async Task<Actor> FromAsync(HttpContext http, IAuthorizationService authorization, IFleetDirectory fleet, CancellationToken cancellationToken)
    {
        var sub = http.User.FindFirst("sub")?.Value ?? "";
        var isStaff = (await authorization.AuthorizeAsync(http.User, PlatformPolicies.Staff)).Succeeded;
        Guid? driverId = null;
        if (!isStaff && Guid.TryParse(sub, out var userId))
        {
            driverId = (await fleet.FindDriverByUserAsync(userId, cancellationToken))?.Id;
        }

        return new Actor(sub, driverId, isStaff);
    }

    /// <summary>The calling driver, or a 403 problem for anyone the fleet does not know as a driver.</summary>
    public static async Task<DriverSnapshot> DriverAsync(HttpContext http, IFleetDirectory fleet, CancellationToken cancellationToken)
    {
        var sub = http.User.FindFirst("sub")?.Value;
        if (!Guid.TryParse(sub, out var userId) || await fleet.FindDriverByUserAsync(userId, cancellationToken) is not { } driver)
        {
            throw new NotADriverException();
        }

        return driver;
    }
}

/// <summary>The caller has the driver role but no driver record in the fleet.</summary>
internal sealed class NotADriverException() : DomainException("not_a_driver", "Your account is not linked to a driver in the fleet.", DomainErrorKind.NotFound);
