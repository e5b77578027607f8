namespace Platform.Notifications;

/// <summary>An email ready to send.</summary>
public sealed record EmailMessage
{
    /// <summary>One or more recipient addresses (<c>name@example.com</c> or <c>Name &lt;name@example.com&gt;</c>).</summary>
    public required IReadOnlyList<string> To { get; init; }

    /// <summary>The sender; null uses <c>Email:From</c>.</summary>
    public string? From { get; init; }

    /// <summary>The subject line (plain text).</summary>
    public required string Subject { get; init; }

    /// <summary>The HTML body, sent as the <c>text/html</c> alternative.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>The plain-text body, sent as the <c>text/plain</c> alternative.</summary>
    public string? TextBody { get; init; }

    /// <summary>Files attached to the message, e.g. a PDF receipt.</summary>
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>An optional Reply-To address.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>Extra headers, e.g. <c>Message-ID</c> or <c>X-Booking-Reference</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}

/// <summary>A file attached to an email.</summary>
/// <param name="FileName">The name the recipient sees.</param>
/// <param name="ContentType">The MIME type, e.g. <c>application/pdf</c>.</param>
/// <param name="Content">The bytes.</param>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Delivers email: a pickup folder of <c>.eml</c> files by default, an SMTP relay when <c>Email:Smtp:Host</c> is set.</summary>
public interface IEmailSender
{
    /// <summary>Hands the message to the mail system; throws when it was not accepted.</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
