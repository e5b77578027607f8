using Platform.Testing;
using Microsoft.Extensions.Options;
using Platform.Notifications;

namespace Platform.Tests.Notifications;

public sealed class EmailSenderTests : IClassFixture<SmtpServerFixture>, IDisposable
{
    private readonly SmtpServerFixture _smtp;
    private readonly string _pickup = Path.Combine(Path.GetTempPath(), "platform-tests", "mail-" + Guid.NewGuid().ToString("N"));

    public EmailSenderTests(SmtpServerFixture smtp) => _smtp = smtp;

    public void Dispose()
    {
        if (Directory.Exists(_pickup))
        {
            Directory.Delete(_pickup, recursive: true);
        }
    }

    private static readonly byte[] Receipt = [.. "%PDF-1.7\n"u8, .. Enumerable.Range(0, 3000).Select(i => (byte)(i % 251))];

    private static EmailMessage Confirmation() => new()
    {
        To = ["Ann Customer <ann@example.test>", "ops@example.test"],
        Subject = "Booking NOTS-7Q2K confirmed – Heathrow T5",
        TextBody = "Hello Ann,\nyour transfer is booked. Total £84.50.",
        HtmlBody = "<p>Hello Ann,</p><p>your transfer is booked. Total &pound;84.50.</p>",
        ReplyTo = "help@example.test",
        Headers = new Dictionary<string, string> { ["Message-ID"] = "<abc123@example.test>", ["X-Booking-Reference"] = "NOTS-7Q2K" },
        Attachments = [new EmailAttachment("receipt-NOTS-7Q2K.pdf", "application/pdf", Receipt)],
    };

    private SmtpClientEmailSender Sender(Action<EmailOptions> configure)
    {
        var options = new EmailOptions { From = "NOTS <bookings@example.test>", PickupDirectory = _pickup, Product = "Nots" };
        configure(options);
        return new SmtpClientEmailSender(Options.Create(options));
    }

    private static void AssertIsTheConfirmation(MimePart mail)
    {
        mail.Header("From").ShouldContain("bookings@example.test");
        mail.Header("To").ShouldContain("ann@example.test");
        mail.Header("To").ShouldContain("ops@example.test");
        mail.Header("Subject").ShouldBe("Booking NOTS-7Q2K confirmed – Heathrow T5");
        mail.Header("Reply-To").ShouldContain("help@example.test");
        mail.Header("Message-ID").ShouldBe("<abc123@example.test>");
        mail.Header("X-Booking-Reference").ShouldBe("NOTS-7Q2K");
        mail.ContentType.MediaType.ShouldBe("multipart/mixed");

        var alternative = mail.Parts.Where(p => p.ContentType.MediaType == "multipart/alternative").ShouldHaveSingleItem();
        alternative.Parts.Select(p => p.ContentType.MediaType).ShouldBe(["text/plain", "text/html"]);
        alternative.Parts[0].Text.ShouldContain("your transfer is booked. Total £84.50.");
        alternative.Parts[1].Text.ShouldContain("<p>Hello Ann,</p>");

        var attachment = mail.Leaves().Where(p => p.ContentType.MediaType == "application/pdf").ShouldHaveSingleItem();
        attachment.FileName.ShouldBe("receipt-NOTS-7Q2K.pdf");
        attachment.Body.ShouldBe(Receipt);
    }

    [Fact]
    public async Task PickupFolder_WritesAParseableEml_WithHeadersBothBodiesAndTheAttachment()
    {
        await Sender(_ => { }).SendAsync(Confirmation());

        var file = Directory.GetFiles(_pickup, "*.eml").ShouldHaveSingleItem();
        AssertIsTheConfirmation(MimePart.Parse(await File.ReadAllTextAsync(file)));
    }

    [Fact]
    public async Task PickupFolder_UsesTheDefaultFrom_WhenTheMessageHasNone()
    {
        await Sender(_ => { }).SendAsync(new EmailMessage { To = ["a@example.test"], Subject = "Hi", TextBody = "Hi" });

        var mail = MimePart.Parse(await File.ReadAllTextAsync(Directory.GetFiles(_pickup, "*.eml").Single()));
        mail.Header("From").ShouldContain("NOTS");
        mail.Header("From").ShouldContain("<bookings@example.test>");
    }

    [Fact]
    public async Task Smtp_DeliversToARealSmtpServer()
    {
        _smtp.Unavailable.ShouldBeNull();
        var sender = Sender(o =>
        {
            o.SmtpHost = "127.0.0.1";
            o.SmtpPort = _smtp.Port;
        });

        await sender.SendAsync(Confirmation());

        var received = _smtp.Messages().Select(MimePart.Parse).Where(m => m.Headers.ContainsKey("X-Booking-Reference")).ToList();
        var mail = received.ShouldHaveSingleItem();
        AssertIsTheConfirmation(mail);
        Directory.Exists(_pickup).ShouldBeFalse();
    }

    [Fact]
    public async Task Smtp_WhenTheServerIsNotThere_Throws()
    {
        var sender = Sender(o =>
        {
            o.SmtpHost = "127.0.0.1";
            o.SmtpPort = 1;
        });

        await Should.ThrowAsync<System.Net.Mail.SmtpException>(() => sender.SendAsync(Confirmation()));
    }
}
