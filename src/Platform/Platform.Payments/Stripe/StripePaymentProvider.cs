using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Platform.Payments.Stripe;

/// <summary>
/// Stripe's REST API over HttpClient (Stripe.net is not in our registry): form-encoded requests, bearer
/// secret key, an <c>Idempotency-Key</c> on every POST (generated when the caller gives none, so retries stay
/// safe), retries of 429/5xx/network errors with exponential back-off reusing that key, and Stripe's error
/// JSON mapped to <see cref="PaymentException"/> types.
/// </summary>
internal sealed class StripePaymentProvider(HttpClient http, PaymentsSettings settings, TimeProvider time, ILogger<StripePaymentProvider> logger)
    : IPaymentProvider
{
    public const string ClientName = "Platform.Payments.Stripe";

    public string Name => "Stripe";

    public async Task<CheckoutSession> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken cancellationToken = default)
    {
        RequestValidation.Validate(request, time.GetUtcNow());
        var form = new List<KeyValuePair<string, string>>
        {
            new("mode", "payment"),
            new("client_reference_id", request.ClientReferenceId),
            new("success_url", request.SuccessUrl),
            new("cancel_url", request.CancelUrl),
        };
        var items = request.EffectiveLineItems;
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = $"line_items[{i.ToString(CultureInfo.InvariantCulture)}]";
            form.Add(new($"{prefix}[price_data][currency]", request.Currency));
            form.Add(new($"{prefix}[price_data][unit_amount]", items[i].UnitAmountPence.ToString(CultureInfo.InvariantCulture)));
            form.Add(new($"{prefix}[price_data][product_data][name]", items[i].Name));
            form.Add(new($"{prefix}[quantity]", items[i].Quantity.ToString(CultureInfo.InvariantCulture)));
        }

        if (request.CustomerEmail is { } email)
        {
            form.Add(new("customer_email", email));
        }

        if (request.ExpiresAt is { } expiresAt)
        {
            form.Add(new("expires_at", expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        // Session metadata stays on the session; the payment intent (and so its charges, refunds and
        // payment_failed events) carries it too, plus the client reference, so every event can be routed.
        var metadata = request.Metadata ?? new Dictionary<string, string>();
        foreach (var (key, value) in metadata)
        {
            form.Add(new($"metadata[{key}]", value));
            form.Add(new($"payment_intent_data[metadata][{key}]", value));
        }

        if (!metadata.ContainsKey("client_reference_id"))
        {
            form.Add(new("payment_intent_data[metadata][client_reference_id]", request.ClientReferenceId));
        }

        using var json = await SendAsync(HttpMethod.Post, "v1/checkout/sessions", form, request.IdempotencyKey, cancellationToken);
        return ToSession(json.RootElement);
    }

    public async Task<CheckoutSession> GetCheckoutSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        using var json = await SendAsync(HttpMethod.Get, "v1/checkout/sessions/" + Uri.EscapeDataString(sessionId), null, null, cancellationToken);
        return ToSession(json.RootElement);
    }

    public async Task<PaymentRefund> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default)
    {
        RequestValidation.Validate(request);
        var form = new List<KeyValuePair<string, string>> { new("payment_intent", request.PaymentIntentId) };
        if (request.AmountPence is { } amount)
        {
            form.Add(new("amount", amount.ToString(CultureInfo.InvariantCulture)));
        }

        if (request.Reason is { } reason)
        {
            form.Add(new("reason", reason));
        }

        foreach (var (key, value) in request.Metadata ?? new Dictionary<string, string>())
        {
            form.Add(new($"metadata[{key}]", value));
        }

        using var json = await SendAsync(HttpMethod.Post, "v1/refunds", form, request.IdempotencyKey, cancellationToken);
        var root = json.RootElement;
        return new PaymentRefund(
            Text(root, "id") ?? "",
            Text(root, "status") ?? "",
            Number(root, "amount") ?? 0,
            Text(root, "currency") ?? "",
            IdOf(root, "payment_intent") ?? request.PaymentIntentId);
    }

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, List<KeyValuePair<string, string>>? form, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var key = method == HttpMethod.Post ? idempotencyKey ?? Guid.NewGuid().ToString() : null;
        var uri = new Uri(settings.StripeBaseUrl, path);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.StripeSecretKey);
            if (key is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            }

            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (attempt < settings.StripeMaxRetries)
                {
                    logger.LogWarning(ex, "Stripe {Method} {Path} failed (attempt {Attempt}); retrying", method, path, attempt + 1);
                    await Task.Delay(BackOff(attempt, null), cancellationToken);
                    continue;
                }

                throw new PaymentProviderUnavailableException($"Stripe could not be reached: {ex.Message}", "api_connection_error", ex);
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return JsonDocument.Parse(body);
                }

                var status = (int)response.StatusCode;
                // Stripe-Should-Retry, when present, overrides the status-based decision (as Stripe's libraries do).
                var shouldRetry = response.Headers.TryGetValues("Stripe-Should-Retry", out var values)
                    ? string.Equals(values.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase)
                    : status == 429 || status >= 500;
                if (shouldRetry && attempt < settings.StripeMaxRetries)
                {
                    logger.LogWarning("Stripe {Method} {Path} answered {Status} (attempt {Attempt}); retrying with the same idempotency key", method, path, status, attempt + 1);
                    await Task.Delay(BackOff(attempt, response.Headers.RetryAfter?.Delta), cancellationToken);
                    continue;
                }

                throw MapError(response.StatusCode, body);
            }
        }
    }

    private TimeSpan BackOff(int attempt, TimeSpan? retryAfter)
    {
        var exponential = settings.StripeRetryBaseDelay * Math.Pow(2, attempt);
        var capped = exponential > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : exponential;
        return retryAfter is { } after && after > capped && after <= TimeSpan.FromSeconds(30) ? after : capped;
    }

    internal static PaymentException MapError(HttpStatusCode statusCode, string body)
    {
        string? type = null, code = null, message = null, declineCode = null, param = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                type = Text(error, "type");
                code = Text(error, "code");
                message = Text(error, "message");
                declineCode = Text(error, "decline_code");
                param = Text(error, "param");
            }
        }
        catch (JsonException)
        {
            // Not Stripe's JSON (a proxy's error page): the status decides.
        }

        var status = (int)statusCode;
        message ??= $"Stripe answered HTTP {status}.";
        PaymentException exception = type == "idempotency_error" ? new PaymentIdempotencyException(message)
            : code is "amount_too_large" or "charge_already_refunded" ? new RefundExceedsCapturedAmountException(message)
            : status switch
            {
                400 => new PaymentInvalidRequestException(message, code, param),
                401 or 403 => new PaymentAuthenticationException(message, code),
                402 => new PaymentCardException(message, code, declineCode),
                404 => new PaymentNotFoundException(message),
                409 => new PaymentConflictException(message, code),
                429 => new PaymentRateLimitException(message, code),
                >= 500 => new PaymentProviderUnavailableException(message, code),
                _ => type == "card_error" ? new PaymentCardException(message, code, declineCode) : new PaymentInvalidRequestException(message, code, param),
            };
        return exception.WithStatus(status);
    }

    private static CheckoutSession ToSession(JsonElement root)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in meta.EnumerateObject())
            {
                metadata[entry.Name] = entry.Value.GetString() ?? "";
            }
        }

        return new CheckoutSession(
            Text(root, "id") ?? "",
            Text(root, "url"),
            Text(root, "status") ?? "",
            Text(root, "payment_status") ?? "",
            Number(root, "amount_total") ?? 0,
            Text(root, "currency") ?? "",
            Text(root, "client_reference_id"),
            IdOf(root, "payment_intent"),
            DateTimeOffset.FromUnixTimeSeconds(Number(root, "expires_at") ?? 0),
            metadata);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static string? IdOf(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Object ? Text(value, "id")
        : null;
}

internal static class PaymentExceptionExtensions
{
    public static PaymentException WithStatus(this PaymentException exception, int status)
    {
        exception.ProviderStatusCode = status;
        return exception;
    }
}
