using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Payments.Webhooks;
using Platform.Web;

namespace NovaTech.Ordering.Features.Payments;

internal static class StripeWebhookEndpoint
{
    public static void MapStripeWebhook(this RouteGroupBuilder api) =>
        api.MapPost("webhooks/stripe", ReceiveAsync).AllowAnonymous().WithTags("Payments").WithName("StripeWebhook")
            .WithRequestBodyLimit(256 * 1024).ExcludeFromDescription();

    /// <summary>
    /// Verifies the signature over the raw body (400 for a missing, stale or forged one, with no effect), then applies
    /// the event once. A 5xx (e.g. two nodes changing the order at once) makes the provider deliver it again.
    /// </summary>
    private static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(HttpRequest request, IPaymentWebhooks webhooks, OrderPayments orders, CancellationToken cancellationToken)
    {
        PaymentEvent evt;
        try
        {
            evt = await webhooks.ReadAsync(request, cancellationToken);
        }
        catch (WebhookSignatureException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "webhook_signature_invalid", $"Signature rejected: {ex.Result}.");
        }
        catch (FormatException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "webhook_malformed", ex.Message);
        }

        try
        {
            await orders.HandleAsync(evt, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problem(StatusCodes.Status409Conflict, ProblemCodes.ConcurrencyConflict, "The order changed meanwhile; deliver the event again.");
        }

        return TypedResults.Ok();
    }

    private static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: status, type: ProblemCodes.TypeFor(code), extensions: new Dictionary<string, object?> { ["code"] = code });
}
