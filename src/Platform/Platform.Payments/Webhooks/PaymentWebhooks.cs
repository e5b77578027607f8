using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Payments.Data;

namespace Platform.Payments.Webhooks;

/// <summary>A webhook whose signature did not verify; answer 400 and do nothing.</summary>
public sealed class WebhookSignatureException(WebhookSignatureResult result)
    : Exception($"Webhook signature rejected: {result}.")
{
    /// <summary>Why it was rejected.</summary>
    public WebhookSignatureResult Result { get; } = result;
}

/// <summary>
/// What a product's webhook endpoint uses: verifies the <c>Stripe-Signature</c> header with the configured
/// secret (<c>Payments:WebhookSecret</c>, or the Sandbox's generated one) and parses the event.
/// </summary>
public interface IPaymentWebhooks
{
    /// <summary>Verifies and parses a webhook body.</summary>
    /// <exception cref="WebhookSignatureException">Missing, malformed, stale or wrong signature.</exception>
    /// <exception cref="FormatException">Signed, but not a Stripe event.</exception>
    Task<PaymentEvent> ReadAsync(string payload, string? signatureHeader, CancellationToken cancellationToken = default);

    /// <summary>Reads the raw body and the signature header of a request, then verifies and parses it.</summary>
    Task<PaymentEvent> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default);

    /// <summary>The secret webhooks are signed with (the Sandbox signs with it too).</summary>
    Task<string> GetSecretAsync(CancellationToken cancellationToken = default);
}

internal sealed class PaymentWebhooks(PaymentsSettings settings, IServiceScopeFactory scopes, TimeProvider time) : IPaymentWebhooks
{
    private const string SecretKey = "webhook_secret";
    private string? _cached;

    public async Task<PaymentEvent> ReadAsync(string payload, string? signatureHeader, CancellationToken cancellationToken = default)
    {
        var secret = await GetSecretAsync(cancellationToken);
        var result = StripeWebhookSignature.Verify(payload, signatureHeader, secret, time.GetUtcNow());
        return result == WebhookSignatureResult.Valid ? PaymentEvent.Parse(payload) : throw new WebhookSignatureException(result);
    }

    public async Task<PaymentEvent> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var payload = await reader.ReadToEndAsync(cancellationToken);
        return await ReadAsync(payload, request.Headers[StripeWebhookSignature.HeaderName].ToString(), cancellationToken);
    }

    public async Task<string> GetSecretAsync(CancellationToken cancellationToken = default)
    {
        if (settings.WebhookSecret is { } configured)
        {
            return configured;
        }

        if (settings.UseStripe)
        {
            throw new InvalidOperationException(
                "Payments:WebhookSecret is not set. With the Stripe provider it must be the endpoint's signing secret (whsec_…) from the Stripe dashboard.");
        }

        if (_cached is { } cached)
        {
            return cached;
        }

        // Sandbox without a configured secret: one generated secret per database, shared by every node.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var existing = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SecretKey, cancellationToken);
        if (existing is null)
        {
            db.Settings.Add(new PaymentsSettingRow
            {
                Key = SecretKey,
                Value = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', 'A').Replace('/', 'B'),
                CreatedAt = time.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node generated it first: its secret wins (primary key).
            }

            db.ChangeTracker.Clear();
            existing = await db.Settings.AsNoTracking().FirstAsync(s => s.Key == SecretKey, cancellationToken);
        }

        return _cached = existing.Value;
    }
}
