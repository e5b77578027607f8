using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Nots.Contracts.Fleet;
using Platform.Identity;

namespace Nots.Dispatch.Live;

/// <summary>
/// SignalR hub for the dispatch board (staff) and the driver app (a driver's own offers and jobs). Clients receive
/// <c>job</c> messages (a <c>JobView</c>) pushed by <see cref="BoardFeed"/>; they send nothing. A <c>ready</c> message
/// follows the handshake once the connection has joined its group: a client loads its snapshot (the board or its jobs)
/// after <c>ready</c>, so that no change falls between the snapshot and the subscription.
/// </summary>
[Authorize(Policy = PlatformPolicies.Authenticated)]
internal sealed class DispatchHub(IAuthorizationService authorization, IFleetDirectory fleet) : Hub
{
    public const string StaffGroup = "staff";

    public const string ReadyMessage = "ready";

    public static string DriverGroup(Guid driverId) => "driver:" + driverId.ToString("N");

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if ((await authorization.AuthorizeAsync(user, PlatformPolicies.Staff)).Succeeded)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, StaffGroup);
        }
        else if (Guid.TryParse(user.FindFirst("sub")?.Value, out var sub) && await fleet.FindDriverByUserAsync(sub) is { } driver)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, DriverGroup(driver.Id));
        }
        else
        {
            Context.Abort();
            return;
        }

        await base.OnConnectedAsync();
        await Clients.Caller.SendAsync(ReadyMessage);
    }
}
