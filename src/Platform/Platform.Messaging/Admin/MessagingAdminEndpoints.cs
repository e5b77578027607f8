using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Platform.Messaging.Data;

namespace Platform.Messaging;

/// <summary>A dead letter as the admin endpoint lists it.</summary>
/// <param name="Id">The delivery id (what replay takes).</param>
/// <param name="MessageId">The message id.</param>
/// <param name="Consumer">The consumer that gave up.</param>
/// <param name="Type">The stable event name.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="LastError">Exception type and message of the last attempt.</param>
/// <param name="CreatedAt">When the message was delivered to the consumer's queue.</param>
/// <param name="Payload">The event JSON.</param>
public sealed record DeadLetter(Guid Id, Guid MessageId, string Consumer, string Type, int Attempts, string? LastError, DateTimeOffset CreatedAt, string Payload);

/// <summary>A page of dead letters; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next page.</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items, string? NextCursor);

/// <summary>The result of a replay: the delivery is pending again.</summary>
public sealed record DeadLetterReplayed(Guid Id, string Status);

/// <summary>Dead-letter administration over HTTP.</summary>
public static class MessagingAdminEndpoints
{
    /// <summary>Default page size of <c>GET admin/dead-letters</c>.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Largest page size accepted.</summary>
    public const int MaxLimit = 200;

    /// <summary>
    /// Maps <c>GET admin/dead-letters?limit=&amp;cursor=</c> and <c>POST admin/dead-letters/{id}/replay</c> under
    /// <paramref name="routes"/> (the host's group, e.g. <c>/v1</c>), both requiring <paramref name="authorizationPolicy"/>.
    /// </summary>
    public static RouteGroupBuilder MapMessagingAdmin(this IEndpointRouteBuilder routes, string authorizationPolicy)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentException.ThrowIfNullOrWhiteSpace(authorizationPolicy);
        var group = routes.MapGroup("admin/dead-letters").RequireAuthorization(authorizationPolicy).WithTags("Messaging");
        group.MapGet("", ListDeadLetters).WithName("ListDeadLetters");
        group.MapPost("{id}/replay", ReplayDeadLetter).WithName("ReplayDeadLetter");
        return group;
    }

    private static async Task<Results<Ok<DeadLetterPage>, ValidationProblem>> ListDeadLetters(
        string? limit, string? cursor, IDeadLetters deadLetters, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take < 1 || take > MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
        }

        Guid? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (Guid.TryParse(cursor, out var parsed))
            {
                after = parsed;
            }
            else
            {
                errors["cursor"] = ["cursor is not one this endpoint returned."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, extensions: new Dictionary<string, object?> { ["code"] = "messaging.invalid_query" });
        }

        return TypedResults.Ok(await deadLetters.ListAsync(take, after, cancellationToken));
    }

    private static async Task<Results<Ok<DeadLetterReplayed>, ProblemHttpResult>> ReplayDeadLetter(
        string id, IDeadLetters deadLetters, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var deliveryId))
        {
            return NotFound(id);
        }

        var outcome = await deadLetters.ReplayAsync(deliveryId, cancellationToken);
        return outcome.Status switch
        {
            DeadLetterReplay.Replayed => TypedResults.Ok(new DeadLetterReplayed(deliveryId, DeliveryStatus.Pending)),
            DeadLetterReplay.NotDead => TypedResults.Problem(
                title: "Only a dead letter can be replayed.",
                detail: $"Delivery {deliveryId} is {outcome.Detail}.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["code"] = "messaging.not_dead" }),
            DeadLetterReplay.TransportUnavailable => TypedResults.Problem(
                title: "The message transport is unavailable; the dead letter was left as it was.",
                detail: outcome.Detail,
                statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["code"] = "messaging.transport_unavailable" }),
            _ => NotFound(id),
        };
    }

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        title: "Dead letter not found.",
        detail: $"There is no delivery '{id}'.",
        statusCode: StatusCodes.Status404NotFound,
        extensions: new Dictionary<string, object?> { ["code"] = "messaging.dead_letter_not_found" });
}
