using System.Net.Http.Headers;
using System.Text;
using Platform.Payments.Webhooks;

namespace Platform.Payments.Sandbox;

/// <summary>One signed webhook POST the Sandbox wants delivered.</summary>
/// <param name="Target">The receiving endpoint.</param>
/// <param name="EventId">The event id (<c>evt_…</c>).</param>
/// <param name="Payload">The event JSON, exactly as signed.</param>
/// <param name="SignatureHeader">The <c>Stripe-Signature</c> header value.</param>
public sealed record WebhookDelivery(Uri Target, string EventId, string Payload, string SignatureHeader);

/// <summary>What the receiver answered.</summary>
/// <param name="Succeeded">True for a 2xx answer.</param>
/// <param name="StatusCode">The HTTP status, if there was an answer.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record WebhookDeliveryResult(bool Succeeded, int? StatusCode, string? Error);

/// <summary>
/// Sends the Sandbox's webhooks. The default POSTs over HTTP (<see cref="IHttpClientFactory"/>); replace it
/// (register your own before or after <c>AddPlatformPayments</c>) where HTTP to the app itself is awkward, e.g. a TestServer.
/// </summary>
public interface IWebhookSender
{
    /// <summary>Delivers one event; never throws for a failed delivery.</summary>
    Task<WebhookDeliveryResult> SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken);
}

internal sealed class HttpWebhookSender(IHttpClientFactory clients) : IWebhookSender
{
    public const string ClientName = "Platform.Payments.Webhooks";

    public async Task<WebhookDeliveryResult> SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(StripeWebhookSignature.HeaderName, delivery.SignatureHeader);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Platform.Payments.Sandbox", "1.0"));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new WebhookDeliveryResult(true, status, null)
                : new WebhookDeliveryResult(false, status, $"HTTP {status}");
        }
        catch (HttpRequestException ex)
        {
            return new WebhookDeliveryResult(false, null, ex.Message);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookDeliveryResult(false, null, "Timed out: " + ex.Message);
        }
    }
}
