using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Platform.Notifications;

/// <summary>Admin endpoints over the delivery log.</summary>
public static class NotificationsAdminEndpoints
{
    /// <summary>
    /// Maps <c>GET admin/notifications?status=&amp;reference=&amp;limit=&amp;cursor=</c> and
    /// <c>POST admin/notifications/{id}/resend</c>, both requiring <paramref name="policy"/>.
    /// </summary>
    public static RouteGroupBuilder MapNotificationsAdmin(this IEndpointRouteBuilder routes, string policy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policy);
        var group = routes.MapGroup("admin/notifications").RequireAuthorization(policy).WithTags("Notifications");
        group.MapGet("", ListDeliveries).WithName("ListNotificationDeliveries");
        group.MapPost("{id:guid}/resend", ResendDelivery).WithName("ResendNotificationDelivery");
        return group;
    }

    private static async Task<Results<Ok<DeliveryPage>, ValidationProblem>> ListDeliveries(
        INotificationService notifications, string? status, string? reference, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !DeliveryStatus.IsValid(status))
        {
            errors["status"] = [$"Status must be one of {DeliveryStatus.Queued}, {DeliveryStatus.Sent}, {DeliveryStatus.Failed}."];
        }

        if (limit is < 1 or > 200)
        {
            errors["limit"] = ["Limit must be between 1 and 200."];
        }

        if (cursor is not null && !Guid.TryParseExact(cursor, "N", out _))
        {
            errors["cursor"] = ["The cursor is not valid."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, extensions: new Dictionary<string, object?> { ["code"] = "validation_failed" });
        }

        return TypedResults.Ok(await notifications.ListAsync(new DeliveryQuery(status, reference, limit ?? 50, cursor), cancellationToken));
    }

    private static async Task<Results<Ok<DeliveryResult>, ProblemHttpResult>> ResendDelivery(
        Guid id, INotificationService notifications, CancellationToken cancellationToken)
    {
        var result = await notifications.ResendAsync(id, cancellationToken);
        if (result is null)
        {
            return TypedResults.Problem(
                title: "Delivery not found",
                detail: $"There is no notification delivery {id}.",
                statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["code"] = "delivery_not_found" });
        }

        return TypedResults.Ok(result);
    }
}
