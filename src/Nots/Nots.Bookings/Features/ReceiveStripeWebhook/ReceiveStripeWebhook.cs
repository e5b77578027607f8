using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Nots.Bookings.Payments;
using Platform.Payments.Webhooks;

namespace Nots.Bookings.Features.ReceiveStripeWebhook;

internal sealed record WebhookReceived(string EventId, string Outcome);

/// <summary>
/// <c>POST /v1/webhooks/stripe</c>: the payment provider's signed events (Stripe, or the Sandbox in Stripe's format).
/// A bad signature or a stale timestamp is 400 and changes nothing; a valid event is applied once and answered 200,
/// including types we do not act on.
/// </summary>
internal static class ReceiveStripeWebhook
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("webhooks/stripe", HandleAsync).AllowAnonymous().WithName("ReceiveStripeWebhook").WithTags("Payments")
            .WithSummary("Stripe webhook receiver (signature checked)");

    private static async Task<Results<Ok<WebhookReceived>, ProblemHttpResult>> HandleAsync(
        HttpRequest request,
        IPaymentWebhooks webhooks,
        WebhookProcessor processor,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        PaymentEvent evt;
        try
        {
            evt = await webhooks.ReadAsync(request, cancellationToken);
        }
        catch (WebhookSignatureException ex)
        {
            loggers.CreateLogger(typeof(ReceiveStripeWebhook)).LogWarning("Webhook rejected: {Reason}", ex.Result);
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_signature", "The webhook signature is missing, stale or wrong.", ex.Result.ToString());
        }
        catch (FormatException ex)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_event", "The webhook body is not a payment event.", ex.Message);
        }

        var outcome = await processor.ApplyAsync(evt, cancellationToken);
        return TypedResults.Ok(new WebhookReceived(evt.Id, outcome.ToString()));
    }
}
