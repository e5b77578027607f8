using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace Platform.Notifications;

/// <summary>
/// System.Net.Mail delivery: <see cref="SmtpDeliveryMethod.SpecifiedPickupDirectory"/> writes one <c>.eml</c>
/// per message (the embedded default), <see cref="SmtpDeliveryMethod.Network"/> talks to an SMTP relay.
/// Both produce the same MIME: multipart/alternative (text, HTML) inside multipart/mixed when there are attachments.
/// </summary>
internal sealed class SmtpClientEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    private readonly EmailOptions _options = options.Value;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mail = BuildMailMessage(message, _options.From);
        if (_options.UsesSmtp)
        {
            using var client = CreateSmtpClient();
            await client.SendMailAsync(mail, cancellationToken);
            return;
        }

        // The pickup file is written in a staging folder and moved in whole, so whoever watches the pickup folder
        // (a mail relay, a test, a person) never reads half a message.
        var directory = Path.GetFullPath(_options.PickupDirectory);
        var staging = Path.Combine(directory, ".staging", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = staging })
            {
                await client.SendMailAsync(mail, cancellationToken);
            }

            foreach (var file in Directory.GetFiles(staging))
            {
                File.Move(file, Path.Combine(directory, Path.GetFileName(file)));
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    internal static MailMessage BuildMailMessage(EmailMessage message, string defaultFrom)
    {
        if (message.To.Count == 0)
        {
            throw new ArgumentException("An email needs at least one recipient.", nameof(message));
        }

        var mail = new MailMessage
        {
            From = new MailAddress(string.IsNullOrWhiteSpace(message.From) ? defaultFrom : message.From),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        try
        {
            foreach (var to in message.To)
            {
                mail.To.Add(new MailAddress(to));
            }

            if (!string.IsNullOrWhiteSpace(message.ReplyTo))
            {
                mail.ReplyToList.Add(new MailAddress(message.ReplyTo));
            }

            foreach (var (name, value) in message.Headers)
            {
                mail.Headers.Add(name, value);
            }

            // Two alternatives, plain text first: clients show the last one they understand.
            if (message.TextBody is not null)
            {
                mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.TextBody, Encoding.UTF8, MediaTypeNames.Text.Plain));
            }

            if (message.HtmlBody is not null)
            {
                mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));
            }

            foreach (var attachment in message.Attachments)
            {
                var part = new Attachment(new MemoryStream(attachment.Content, writable: false), attachment.FileName, attachment.ContentType);
                part.ContentDisposition!.FileName = attachment.FileName;
                mail.Attachments.Add(part);
            }

            return mail;
        }
        catch
        {
            mail.Dispose();
            throw;
        }
    }

    private SmtpClient CreateSmtpClient()
    {
        var client = new SmtpClient(_options.SmtpHost, _options.SmtpPort ?? (_options.SmtpEnableSsl ? 587 : 25))
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = _options.SmtpEnableSsl,
            Timeout = 30_000,
        };
        if (!string.IsNullOrEmpty(_options.SmtpUsername))
        {
            client.Credentials = new NetworkCredential(_options.SmtpUsername, _options.SmtpPassword);
        }

        return client;
    }
}
