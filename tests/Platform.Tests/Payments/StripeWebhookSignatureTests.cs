using System.Security.Cryptography;
using System.Text;
using Platform.Payments.Webhooks;

namespace Platform.Tests.Payments;

public sealed class StripeWebhookSignatureTests
{
    private const string Secret = "whsec_test_secret";
    private const string Payload = """{"id":"evt_1","object":"event","type":"checkout.session.completed","created":1777798800,"livemode":false,"data":{"object":{"id":"cs_1","object":"checkout.session"}}}""";
    private static readonly DateTimeOffset Now = new(2027, 5, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sign_ProducesStripesDocumentedHeader()
    {
        var header = StripeWebhookSignature.Sign(Payload, Secret, Now);

        // Computed independently: HMAC-SHA256(secret, "<t>.<payload>") in lower-case hex.
        var t = Now.ToUnixTimeSeconds();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{t}.{Payload}")));
        header.ShouldBe($"t={t},v1={expected}");
    }

    [Fact]
    public void Verify_AcceptsItsOwnSignature_WithinTolerance()
    {
        var header = StripeWebhookSignature.Sign(Payload, Secret, Now);

        StripeWebhookSignature.Verify(Payload, header, Secret, Now).ShouldBe(WebhookSignatureResult.Valid);
        StripeWebhookSignature.Verify(Payload, header, Secret, Now.AddMinutes(4).AddSeconds(59)).ShouldBe(WebhookSignatureResult.Valid);
    }

    [Theory]
    [InlineData(5 * 60 + 1)]
    [InlineData(-(5 * 60 + 1))]
    [InlineData(24 * 3600)]
    public void Verify_RejectsTimestampsOutsideTheTolerance(int secondsLater)
    {
        var header = StripeWebhookSignature.Sign(Payload, Secret, Now);

        StripeWebhookSignature.Verify(Payload, header, Secret, Now.AddSeconds(secondsLater))
            .ShouldBe(WebhookSignatureResult.TimestampOutsideTolerance);
    }

    [Fact]
    public void Verify_HonoursACustomTolerance()
    {
        var header = StripeWebhookSignature.Sign(Payload, Secret, Now);

        StripeWebhookSignature.Verify(Payload, header, Secret, Now.AddMinutes(20), TimeSpan.FromMinutes(30)).ShouldBe(WebhookSignatureResult.Valid);
    }

    [Fact]
    public void Verify_RejectsATamperedPayload()
    {
        var header = StripeWebhookSignature.Sign(Payload, Secret, Now);

        StripeWebhookSignature.Verify(Payload.Replace("cs_1", "cs_2", StringComparison.Ordinal), header, Secret, Now)
            .ShouldBe(WebhookSignatureResult.SignatureMismatch);
    }

    [Fact]
    public void Verify_RejectsTheWrongSecret()
    {
        var header = StripeWebhookSignature.Sign(Payload, "whsec_other", Now);

        StripeWebhookSignature.Verify(Payload, header, Secret, Now).ShouldBe(WebhookSignatureResult.SignatureMismatch);
    }

    [Fact]
    public void Verify_RejectsAReplayedSignatureWithAnEditedTimestamp()
    {
        var header = StripeWebhookSignature.Sign(Payload, Secret, Now.AddHours(-1));
        var moved = header.Replace($"t={Now.AddHours(-1).ToUnixTimeSeconds()}", $"t={Now.ToUnixTimeSeconds()}", StringComparison.Ordinal);

        StripeWebhookSignature.Verify(Payload, moved, Secret, Now).ShouldBe(WebhookSignatureResult.SignatureMismatch);
    }

    [Fact]
    public void Verify_AcceptsAnyOfSeveralV1Signatures_AndIgnoresOtherSchemes()
    {
        var valid = StripeWebhookSignature.Sign(Payload, Secret, Now);
        var other = StripeWebhookSignature.Sign(Payload, "whsec_old_secret", Now);
        var header = $"{other},v0=deadbeef,{valid.Split(',')[1]}";

        StripeWebhookSignature.Verify(Payload, header, Secret, Now).ShouldBe(WebhookSignatureResult.Valid);
        StripeWebhookSignature.Verify(Payload, header, "whsec_old_secret", Now).ShouldBe(WebhookSignatureResult.Valid);
        StripeWebhookSignature.Verify(Payload, header, "whsec_third", Now).ShouldBe(WebhookSignatureResult.SignatureMismatch);
    }

    [Theory]
    [InlineData(null, WebhookSignatureResult.MissingHeader)]
    [InlineData("", WebhookSignatureResult.MissingHeader)]
    [InlineData("   ", WebhookSignatureResult.MissingHeader)]
    [InlineData("garbage", WebhookSignatureResult.MalformedHeader)]
    [InlineData("v1=abc", WebhookSignatureResult.MalformedHeader)]
    [InlineData("t=1809334800", WebhookSignatureResult.MalformedHeader)]
    [InlineData("t=yesterday,v1=00", WebhookSignatureResult.MalformedHeader)]
    [InlineData("t=1809334800,t=1809334800,v1=00", WebhookSignatureResult.MalformedHeader)]
    [InlineData("t=1809334800,v1=not-hex", WebhookSignatureResult.SignatureMismatch)]
    public void Verify_RejectsMissingOrGarbledHeaders(string? header, WebhookSignatureResult expected)
    {
        StripeWebhookSignature.Verify(Payload, header, Secret, Now).ShouldBe(expected);
    }

    [Fact]
    public void Parse_ReadsACheckoutSessionCompletedEvent()
    {
        const string json = """
            {"id":"evt_9","object":"event","type":"checkout.session.completed","created":1777798800,"livemode":false,
             "data":{"object":{"id":"cs_test_1","object":"checkout.session","client_reference_id":"NOTS-ABC123","amount_total":12345,
             "currency":"gbp","payment_status":"paid","status":"complete","payment_intent":"pi_1","metadata":{"booking":"42"}}}}
            """;

        var evt = PaymentEvent.Parse(json);

        evt.Id.ShouldBe("evt_9");
        evt.Type.ShouldBe("checkout.session.completed");
        evt.Created.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1777798800));
        evt.ObjectType.ShouldBe("checkout.session");
        evt.ObjectId.ShouldBe("cs_test_1");
        evt.ClientReferenceId.ShouldBe("NOTS-ABC123");
        evt.AmountTotal.ShouldBe(12345);
        evt.Currency.ShouldBe("gbp");
        evt.PaymentStatus.ShouldBe("paid");
        evt.PaymentIntentId.ShouldBe("pi_1");
        evt.Metadata["booking"].ShouldBe("42");
    }

    [Fact]
    public void Parse_ReadsAPaymentFailedEvent_WithTheReferenceFromMetadata()
    {
        const string json = """
            {"id":"evt_8","object":"event","type":"payment_intent.payment_failed","created":1777798800,"livemode":true,
             "data":{"object":{"id":"pi_2","object":"payment_intent","amount":500,"currency":"gbp","status":"requires_payment_method",
             "last_payment_error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."},
             "metadata":{"client_reference_id":"ORD-7"}}}}
            """;

        var evt = PaymentEvent.Parse(json);

        evt.Livemode.ShouldBeTrue();
        evt.PaymentIntentId.ShouldBe("pi_2");
        evt.ClientReferenceId.ShouldBe("ORD-7");
        evt.FailureCode.ShouldBe("card_declined");
        evt.DeclineCode.ShouldBe("insufficient_funds");
        evt.Amount.ShouldBe(500);
    }

    [Fact]
    public void Parse_ReadsAChargeRefundedEvent()
    {
        const string json = """
            {"id":"evt_7","object":"event","type":"charge.refunded","created":1777798800,"livemode":false,
             "data":{"object":{"id":"ch_1","object":"charge","amount":12345,"amount_refunded":5000,"currency":"gbp",
             "payment_intent":"pi_3","refunded":false,"metadata":{"client_reference_id":"NOTS-1"}}}}
            """;

        var evt = PaymentEvent.Parse(json);

        evt.ObjectId.ShouldBe("ch_1");
        evt.AmountRefunded.ShouldBe(5000);
        evt.Amount.ShouldBe(12345);
        evt.Refunded.ShouldBe(false);
        evt.PaymentIntentId.ShouldBe("pi_3");
        evt.ClientReferenceId.ShouldBe("NOTS-1");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"id":"x","object":"charge"}""")]
    [InlineData("""{"id":"evt_1","object":"event","type":"x"}""")]
    public void Parse_RejectsTextThatIsNotAnEvent(string json)
    {
        Should.Throw<FormatException>(() => PaymentEvent.Parse(json));
    }
}
