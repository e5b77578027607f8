using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Platform.Payments;

/// <summary>What a product tells the payments module in code; everything else comes from configuration.</summary>
public sealed class PaymentsOptions
{
    /// <summary>
    /// The product's webhook endpoint path, e.g. <c>/v1/webhooks/stripe</c>. The Sandbox delivers events to
    /// the app's own base address (taken from the hosted checkout request) + this path, unless
    /// <c>Payments:Sandbox:WebhookUrl</c> is set.
    /// </summary>
    public string WebhookPath { get; set; } = "/webhooks/stripe";
}

/// <summary>Resolved settings (configuration + <see cref="PaymentsOptions"/>).</summary>
internal sealed record PaymentsSettings
{
    public string WebhookPath { get; init; } = "/webhooks/stripe";

    public string? WebhookSecret { get; init; }

    public string? StripeSecretKey { get; init; }

    public Uri StripeBaseUrl { get; init; } = new("https://api.stripe.com");

    public int StripeMaxRetries { get; init; } = 3;

    public TimeSpan StripeRetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public string? SandboxWebhookUrl { get; init; }

    public string? SandboxBaseUrl { get; init; }

    public bool SandboxDeliveryWorker { get; init; } = true;

    public TimeSpan SandboxPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int SandboxMaxDeliveryAttempts { get; init; } = 10;

    public TimeSpan SandboxRetryBaseDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan SandboxRetryMaxDelay { get; init; } = TimeSpan.FromHours(1);

    public bool UseStripe => !string.IsNullOrWhiteSpace(StripeSecretKey);

    public static PaymentsSettings From(IConfiguration configuration, PaymentsOptions options)
    {
        var section = configuration.GetSection("Payments");
        var defaults = new PaymentsSettings();
        var path = options.WebhookPath;
        return new PaymentsSettings
        {
            WebhookPath = path.StartsWith('/') ? path : "/" + path,
            WebhookSecret = NullIfEmpty(section["WebhookSecret"]),
            StripeSecretKey = NullIfEmpty(section["Stripe:SecretKey"]),
            StripeBaseUrl = NullIfEmpty(section["Stripe:BaseUrl"]) is { } baseUrl ? new Uri(baseUrl, UriKind.Absolute) : defaults.StripeBaseUrl,
            StripeMaxRetries = Int(section["Stripe:MaxRetries"]) ?? defaults.StripeMaxRetries,
            StripeRetryBaseDelay = Time(section["Stripe:RetryBaseDelay"]) ?? defaults.StripeRetryBaseDelay,
            SandboxWebhookUrl = NullIfEmpty(section["Sandbox:WebhookUrl"]),
            SandboxBaseUrl = NullIfEmpty(section["Sandbox:BaseUrl"])?.TrimEnd('/'),
            SandboxDeliveryWorker = !bool.TryParse(section["Sandbox:DeliveryWorker"], out var worker) || worker,
            SandboxPollInterval = Time(section["Sandbox:PollInterval"]) ?? defaults.SandboxPollInterval,
            SandboxMaxDeliveryAttempts = Int(section["Sandbox:MaxDeliveryAttempts"]) ?? defaults.SandboxMaxDeliveryAttempts,
            SandboxRetryBaseDelay = Time(section["Sandbox:RetryBaseDelay"]) ?? defaults.SandboxRetryBaseDelay,
            SandboxRetryMaxDelay = Time(section["Sandbox:RetryMaxDelay"]) ?? defaults.SandboxRetryMaxDelay,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int? Int(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static TimeSpan? Time(string? value) => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var t) ? t : null;
}
