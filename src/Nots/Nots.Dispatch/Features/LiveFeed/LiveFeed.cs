using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Live;
using Platform.Identity;

namespace Nots.Dispatch.Features.LiveFeed;

/// <summary>The first event of a live stream: the board version the client is now in step with.</summary>
public sealed record LiveHello(long BoardVersion, Guid? DriverId);

/// <summary>
/// <c>GET /v1/dispatch/live</c>: server-sent events of job changes — every job for staff (the live board), a driver's
/// own offers and jobs for drivers. Events: <c>hello</c> once, then <c>job</c> (a <see cref="JobView"/>) per change.
/// </summary>
internal static class LiveFeed
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("live", Handle)
            .RequireAuthorization(PlatformPolicies.Authenticated)
            .WithName("DispatchLiveFeed")
            .WithSummary("Server-sent events of job changes (staff: all jobs; drivers: their own offers and jobs).");

    private static async Task<ServerSentEventsResult<object>> Handle(
        HttpContext http, IAuthorizationService authorization, [FromServices] IFleetDirectory fleet, BoardFeed feed, CancellationToken cancellationToken)
    {
        var actor = await Callers.FromAsync(http, authorization, fleet, cancellationToken);
        if (!actor.IsStaff && actor.DriverId is null)
        {
            throw new NotADriverException();
        }

        var subscription = feed.Subscribe(actor.IsStaff ? null : actor.DriverId);
        return TypedResults.ServerSentEvents(Stream(subscription, new LiveHello(feed.Seen, actor.DriverId), cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> Stream(BoardSubscription subscription, LiveHello hello, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            yield return new SseItem<object>(hello, "hello");
            while (await subscription.Reader.WaitToReadAsync(cancellationToken))
            {
                while (subscription.Reader.TryRead(out var job))
                {
                    yield return new SseItem<object>(job, "job");
                }
            }
        }
    }
}
