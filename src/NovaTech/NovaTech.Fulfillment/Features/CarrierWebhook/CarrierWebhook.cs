using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NovaTech.Contracts.Fulfillment;
using NovaTech.Fulfillment.Data;
using NovaTech.Fulfillment.Domain;
using NovaTech.Fulfillment.Notifications;
using Platform.Messaging;
using Platform.Payments.Webhooks;
using Platform.Web;

namespace NovaTech.Fulfillment.Features.CarrierWebhook;

/// <summary>A carrier's tracking update, as carriers post it.</summary>
public sealed record CarrierEventPayload(string? EventId, string? TrackingNumber, string? Carrier, string? Status, DateTimeOffset? OccurredAt, string? Description);

/// <summary>What the webhook did with the event.</summary>
public sealed record CarrierEventResponse(Guid ShipmentId, string Outcome, string Status);

/// <summary>
/// <c>POST webhooks/carrier</c>: signed with <c>Carrier-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.body")&gt;</c>
/// (the Stripe scheme, verified by Platform.Payments' implementation, 5-minute tolerance). At-least-once and unordered:
/// a repeated event id has one effect and an older event never moves a parcel backwards.
/// </summary>
internal static partial class CarrierWebhook
{
    public const string SignatureHeader = "Carrier-Signature";
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxAttempts = 3;

    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("webhooks/carrier", HandleAsync)
            .AllowAnonymous()
            .WithRequestBodyLimit(MaxBodyBytes)
            .WithName("CarrierWebhook")
            .WithSummary("Carrier tracking events (signed).");

    public static async Task<Results<Ok<CarrierEventResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, CarrierWebhookSecret secrets, FulfillmentDbContext db, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var secret = await secrets.GetAsync(cancellationToken);
        var verdict = StripeWebhookSignature.Verify(body, request.Headers[SignatureHeader].ToString(), secret, time.GetUtcNow());
        if (verdict != WebhookSignatureResult.Valid)
        {
            LogRejected(loggers.CreateLogger(typeof(CarrierWebhook)), verdict);
            return Problem(StatusCodes.Status400BadRequest, FulfillmentErrors.InvalidSignature, "Invalid signature",
                $"The {SignatureHeader} header did not verify ({verdict}).");
        }

        var payload = Parse(body);
        var carrier = Carriers.Find(payload.Carrier);
        var status = ShipmentStatuses.FromCarrier(payload.Status);
        if (string.IsNullOrWhiteSpace(payload.EventId) || payload.EventId.Length > 100 || carrier is null || status is null
            || payload.OccurredAt is null || string.IsNullOrWhiteSpace(payload.TrackingNumber) || payload.Description?.Length > 500)
        {
            throw new DomainException(FulfillmentErrors.InvalidCarrierEvent,
                "The event needs eventId (up to 100 characters), trackingNumber, a supported carrier, status (in_transit, out_for_delivery, delivered or exception), occurredAt, and at most 500 characters of description.");
        }

        var tracking = payload.TrackingNumber.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        var orderNumber = await db.Shipments.AsNoTracking()
            .Where(s => s.Carrier == carrier.Code && s.TrackingNumber == tracking)
            .Select(s => s.OrderNumber)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound(FulfillmentErrors.UnknownTrackingNumber, $"No shipment has {carrier.Name} tracking number {tracking}.");

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await RecordAsync(db, orderNumber, carrier.Code, tracking, payload.EventId, status.Value, payload.OccurredAt.Value, payload.Description, time, cancellationToken);
                return TypedResults.Ok(result);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // The same event delivered twice at once (unique key) or a concurrent change: the next attempt sees it.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<CarrierEventResponse> RecordAsync(FulfillmentDbContext db, string orderNumber, string carrier, string tracking,
        string eventId, ShipmentStatus status, DateTimeOffset occurredAt, string? description, TimeProvider time, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var progress = await OrderLocks.LockAsync(db, orderNumber, token);
            var shipment = await db.Shipments.SingleAsync(s => s.Carrier == carrier && s.TrackingNumber == tracking, token);
            var now = time.GetUtcNow();
            var outcome = shipment.RecordCarrierEvent(eventId, status, occurredAt, description?.Trim(), now);
            if (outcome == CarrierEventOutcome.StatusChanged)
            {
                var others = await db.Shipments.AsNoTracking()
                    .Where(s => s.OrderNumber == orderNumber && s.Id != shipment.Id)
                    .Select(s => s.Status)
                    .ToListAsync(token);
                var fullyDelivered = progress.FullyShipped && shipment.Status == ShipmentStatus.Delivered && others.All(s => s == ShipmentStatus.Delivered);
                db.AddIntegrationEvent(new ShipmentStatusChangedIntegrationEvent(
                    orderNumber, shipment.Id, shipment.Status.ToString(), shipment.Events[^1].Description, fullyDelivered, now));
                if (shipment.Status == ShipmentStatus.Delivered)
                {
                    ShipmentNotifications.RequestDelivered(db, shipment, fullyDelivered);
                }
            }

            if (outcome != CarrierEventOutcome.Duplicate)
            {
                await db.SaveChangesAsync(token);
            }

            await transaction.CommitAsync(token);
            return new CarrierEventResponse(shipment.Id, Outcome(outcome), shipment.Status.ToString());
        }, cancellationToken);
    }

    private static string Outcome(CarrierEventOutcome outcome) => outcome switch
    {
        CarrierEventOutcome.Duplicate => "duplicate",
        CarrierEventOutcome.Recorded => "recorded",
        _ => "status_changed",
    };

    private static CarrierEventPayload Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<CarrierEventPayload>(body, JsonSerializerOptions.Web)
                ?? throw new DomainException(FulfillmentErrors.InvalidCarrierEvent, "The body is empty.");
        }
        catch (JsonException ex)
        {
            throw new DomainException(FulfillmentErrors.InvalidCarrierEvent, "The body is not a carrier event: " + ex.Message);
        }
    }

    private static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: ProblemCodes.TypeFor(code),
            extensions: new Dictionary<string, object?> { ["code"] = code });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Carrier webhook rejected: {Verdict}")]
    private static partial void LogRejected(ILogger logger, WebhookSignatureResult verdict);
}
