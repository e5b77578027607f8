using System.Text.Json;

namespace Platform.Payments.Webhooks;

/// <summary>
/// The parts of a Stripe event (<c>checkout.session.completed</c>, <c>checkout.session.expired</c>,
/// <c>charge.refunded</c>, <c>payment_intent.payment_failed</c>, …) a product acts on. Events arrive at least
/// once and in any order: dedupe on <see cref="Id"/> and act on the object's state, not on arrival order.
/// </summary>
/// <param name="Id">Event id (<c>evt_…</c>): the dedupe key.</param>
/// <param name="Type">Event type, e.g. <c>checkout.session.completed</c>.</param>
/// <param name="Created">When the event happened.</param>
/// <param name="Livemode">False for test mode and the Sandbox.</param>
/// <param name="ObjectType">The <c>data.object.object</c> kind: <c>checkout.session</c>, <c>charge</c>, <c>payment_intent</c>.</param>
/// <param name="ObjectId">The object's id (<c>cs_…</c>, <c>ch_…</c>, <c>pi_…</c>).</param>
public sealed record PaymentEvent(string Id, string Type, DateTimeOffset Created, bool Livemode, string ObjectType, string ObjectId)
{
    /// <summary>Checkout's <c>client_reference_id</c>, or the <c>client_reference_id</c> metadata entry of a payment or charge.</summary>
    public string? ClientReferenceId { get; init; }

    /// <summary>Checkout session total (<c>amount_total</c>).</summary>
    public long? AmountTotal { get; init; }

    /// <summary>A charge's or payment intent's <c>amount</c>.</summary>
    public long? Amount { get; init; }

    /// <summary>A charge's cumulative <c>amount_refunded</c>.</summary>
    public long? AmountRefunded { get; init; }

    /// <summary>Lower-case ISO 4217 code.</summary>
    public string? Currency { get; init; }

    /// <summary>Checkout's <c>payment_status</c>: <c>paid</c>, <c>unpaid</c>, <c>no_payment_required</c>.</summary>
    public string? PaymentStatus { get; init; }

    /// <summary>The object's <c>status</c>, e.g. <c>complete</c>, <c>succeeded</c>, <c>requires_payment_method</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The payment intent (<c>pi_…</c>): the object id for payment intents, else its <c>payment_intent</c> field.</summary>
    public string? PaymentIntentId { get; init; }

    /// <summary>A charge's <c>refunded</c> flag (fully refunded).</summary>
    public bool? Refunded { get; init; }

    /// <summary>The object's metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary><c>last_payment_error.code</c> (or a charge's <c>failure_code</c>), e.g. <c>card_declined</c>.</summary>
    public string? FailureCode { get; init; }

    /// <summary><c>last_payment_error.decline_code</c>, e.g. <c>insufficient_funds</c>.</summary>
    public string? DeclineCode { get; init; }

    /// <summary><c>last_payment_error.message</c>.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>Parses Stripe event JSON.</summary>
    /// <exception cref="FormatException">The text is not a Stripe event.</exception>
    public static PaymentEvent Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "object") != "event"
                || Text(root, "id") is not { Length: > 0 } id || Text(root, "type") is not { Length: > 0 } type
                || !root.TryGetProperty("data", out var data) || !data.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("Not a Stripe event: expected object \"event\" with id, type and data.object.");
            }

            var objectType = Text(obj, "object") ?? "";
            var objectId = Text(obj, "id") ?? "";
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (obj.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in meta.EnumerateObject())
                {
                    metadata[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
                }
            }

            JsonElement error = default;
            var hasError = obj.TryGetProperty("last_payment_error", out error) && error.ValueKind == JsonValueKind.Object;
            return new PaymentEvent(
                id,
                type,
                DateTimeOffset.FromUnixTimeSeconds(Number(root, "created") ?? 0),
                root.TryGetProperty("livemode", out var live) && live.ValueKind == JsonValueKind.True,
                objectType,
                objectId)
            {
                ClientReferenceId = Text(obj, "client_reference_id") ?? metadata.GetValueOrDefault("client_reference_id"),
                AmountTotal = Number(obj, "amount_total"),
                Amount = Number(obj, "amount"),
                AmountRefunded = Number(obj, "amount_refunded"),
                Currency = Text(obj, "currency"),
                PaymentStatus = Text(obj, "payment_status"),
                Status = Text(obj, "status"),
                PaymentIntentId = objectType == "payment_intent" ? objectId : IdOf(obj, "payment_intent"),
                Refunded = obj.TryGetProperty("refunded", out var refunded) && refunded.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? refunded.GetBoolean()
                    : null,
                Metadata = metadata,
                FailureCode = hasError ? Text(error, "code") : Text(obj, "failure_code"),
                DeclineCode = hasError ? Text(error, "decline_code") : null,
                FailureMessage = hasError ? Text(error, "message") : Text(obj, "failure_message"),
            };
        }
        catch (JsonException ex)
        {
            throw new FormatException("Not a Stripe event: " + ex.Message, ex);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    // Expandable fields are either an id or the expanded object.
    private static string? IdOf(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Object ? Text(value, "id")
        : null;
}
