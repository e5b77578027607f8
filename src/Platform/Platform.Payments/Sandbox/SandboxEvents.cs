using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Payments.Data;

namespace Platform.Payments.Sandbox;

/// <summary>Builds Stripe-format event JSON and ids for the Sandbox.</summary>
internal static class SandboxEvents
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Stripe-like id: prefix + 24 random base62 characters (~143 bits, unguessable).</summary>
    public static string NewId(string prefix) => prefix + RandomNumberGenerator.GetString(Alphabet, 24);

    public static Dictionary<string, string> ReadMetadata(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    /// <summary>The metadata a payment and its charge carry: the session's, plus the client reference.</summary>
    public static Dictionary<string, string> PaymentMetadata(SandboxSessionRow session)
    {
        var metadata = ReadMetadata(session.MetadataJson);
        if (session.ClientReferenceId is { } reference)
        {
            metadata.TryAdd("client_reference_id", reference);
        }

        return metadata;
    }

    public static SandboxEventRow CheckoutSessionCompleted(SandboxSessionRow session, DateTimeOffset now) =>
        CheckoutSessionEvent("checkout.session.completed", session, now);

    public static SandboxEventRow CheckoutSessionExpired(SandboxSessionRow session, DateTimeOffset now) =>
        CheckoutSessionEvent("checkout.session.expired", session, now);

    private static SandboxEventRow CheckoutSessionEvent(string type, SandboxSessionRow session, DateTimeOffset now) =>
        Create(type, session.Id, session.WebhookUrl, now, w =>
        {
            w.WriteString("id", session.Id);
            w.WriteString("object", "checkout.session");
            w.WriteString("client_reference_id", session.ClientReferenceId);
            w.WriteNumber("amount_total", session.AmountTotal);
            w.WriteString("currency", session.Currency);
            w.WriteString("payment_status", session.PaymentStatus);
            w.WriteString("status", session.Status);
            w.WriteString("payment_intent", session.PaymentIntentId);
            WriteMetadata(w, ReadMetadata(session.MetadataJson));
        });

    public static SandboxEventRow PaymentFailed(SandboxSessionRow session, CardOutcome outcome, DateTimeOffset now) =>
        Create("payment_intent.payment_failed", session.PaymentIntentId!, session.WebhookUrl, now, w =>
        {
            w.WriteString("id", session.PaymentIntentId);
            w.WriteString("object", "payment_intent");
            w.WriteNumber("amount", session.AmountTotal);
            w.WriteString("currency", session.Currency);
            w.WriteString("status", "requires_payment_method");
            w.WriteStartObject("last_payment_error");
            w.WriteString("type", "card_error");
            w.WriteString("code", outcome.Code);
            w.WriteString("decline_code", outcome.DeclineCode);
            w.WriteString("message", outcome.Message);
            w.WriteEndObject();
            WriteMetadata(w, PaymentMetadata(session));
        });

    public static SandboxEventRow ChargeRefunded(SandboxSessionRow session, DateTimeOffset now) =>
        Create("charge.refunded", session.ChargeId!, session.WebhookUrl, now, w =>
        {
            w.WriteString("id", session.ChargeId);
            w.WriteString("object", "charge");
            w.WriteNumber("amount", session.AmountTotal);
            w.WriteNumber("amount_refunded", session.AmountRefunded);
            w.WriteString("currency", session.Currency);
            w.WriteString("payment_intent", session.PaymentIntentId);
            w.WriteBoolean("refunded", session.AmountRefunded >= session.AmountTotal);
            w.WriteString("status", "succeeded");
            WriteMetadata(w, PaymentMetadata(session));
        });

    private static SandboxEventRow Create(string type, string objectId, string? target, DateTimeOffset now, Action<Utf8JsonWriter> writeObject)
    {
        var id = NewId("evt_");
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("object", "event");
            w.WriteString("type", type);
            w.WriteNumber("created", now.ToUnixTimeSeconds());
            w.WriteBoolean("livemode", false);
            w.WriteStartObject("data");
            w.WriteStartObject("object");
            writeObject(w);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return new SandboxEventRow
        {
            Id = id,
            Type = type,
            ObjectId = objectId,
            Payload = Encoding.UTF8.GetString(stream.ToArray()),
            TargetUrl = target,
            Status = "pending",
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    private static void WriteMetadata(Utf8JsonWriter w, Dictionary<string, string> metadata)
    {
        w.WriteStartObject("metadata");
        foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }
}
