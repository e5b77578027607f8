using Platform.Notifications;

namespace Platform.Tests.Notifications;

public sealed class SmsAndTemplateTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Gsm7_Uses160ThenPartsOf153(int length, int segments)
    {
        SmsSegments.Count(new string('a', length)).ShouldBe(segments);
    }

    [Fact]
    public void Gsm7_ExtensionCharactersCountTwice()
    {
        var text = new string('a', 151) + "€€€€€";

        SmsSegments.EncodingOf(text).ShouldBe(SmsEncoding.Gsm7);
        SmsSegments.Count(text).ShouldBe(2);
        SmsSegments.Count(new string('a', 150) + "€€€€€").ShouldBe(1);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_Uses70ThenPartsOf67(int length, int segments)
    {
        var text = "ć" + new string('a', length - 1);

        SmsSegments.EncodingOf(text).ShouldBe(SmsEncoding.Ucs2);
        SmsSegments.Count(text).ShouldBe(segments);
    }

    [Fact]
    public void Ucs2_AnEmojiIsTwoUnitsAndNeverSplit()
    {
        SmsSegments.Count(new string('a', 68) + "🚕").ShouldBe(1);
        SmsSegments.Count(new string('a', 69) + "🚕").ShouldBe(2);
    }

    [Fact]
    public void PoundSignAndAccentsOfTheGsmAlphabet_StayGsm7()
    {
        SmsSegments.EncodingOf("Your driver Zoë is 5 min away. Fare £42 – no").ShouldBe(SmsEncoding.Ucs2); // en dash is not GSM
        SmsSegments.EncodingOf("Your driver is 5 min away. Fare £42, café at Ä").ShouldBe(SmsEncoding.Gsm7);
    }

    [Theory]
    [InlineData("+447700900123", true)]
    [InlineData("+12025550123", true)]
    [InlineData("07700900123", false)]
    [InlineData("+44 7700 900123", false)]
    [InlineData("+0447700900123", false)]
    public void E164_Validation(string number, bool valid)
    {
        E164.IsValid(number).ShouldBe(valid);
    }

    [Fact]
    public void Render_EncodesValuesInHtml_ButNotInText()
    {
        var model = new { Name = "<script>alert('x')</script> & Co", Reference = "NOTS-1" };

        var html = TemplateRenderer.Render("<p>Hello {{Name}}, booking {{ Reference }}</p>", model, html: true);
        var text = TemplateRenderer.Render("Hello {{Name}}, booking {{Reference}}", model, html: false);

        html.ShouldBe("<p>Hello &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co, booking NOTS-1</p>");
        html.ShouldNotContain("<script>");
        text.ShouldBe("Hello <script>alert('x')</script> & Co, booking NOTS-1");
    }

    [Fact]
    public void Render_AcceptsDictionaries_AndFormatsDatesForTheUk()
    {
        var values = new Dictionary<string, object?> { ["Pickup"] = new DateTimeOffset(2027, 5, 3, 9, 30, 0, TimeSpan.Zero), ["Seats"] = 1234 };

        TemplateRenderer.Render("{{Pickup}} / {{Seats}}", values, html: false).ShouldBe("Monday 3 May 2027 10:30 / 1234");
    }

    [Fact]
    public void Render_AMissingValue_IsAnError()
    {
        Should.Throw<NotificationTemplateException>(() => TemplateRenderer.Render("Hi {{Name}}", new { Other = 1 }, html: false))
            .Message.ShouldContain("Name");
    }
}
