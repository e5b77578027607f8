namespace Platform.Notifications;

/// <summary>An email template registered in code by a product module.</summary>
/// <param name="Key">The key product code sends by, e.g. <c>booking.confirmed</c>.</param>
/// <param name="Subject">The subject with <c>{{Name}}</c> placeholders (plain text).</param>
/// <param name="Html">
/// The HTML body fragment; placeholder values are HTML-encoded. It is wrapped in the <see cref="EmailLayout"/>.
/// </param>
/// <param name="Text">The plain-text body; placeholder values are inserted as they are.</param>
public sealed record EmailTemplate(string Key, string Subject, string Html, string Text);

/// <summary>A text message template registered in code by a product module.</summary>
/// <param name="Key">The key product code sends by, e.g. <c>booking.driver-assigned</c>.</param>
/// <param name="Text">The text with <c>{{Name}}</c> placeholders.</param>
public sealed record SmsTemplate(string Key, string Text);

/// <summary>
/// The HTML page every email body is wrapped in. <c>{{Content}}</c> receives the rendered body (already safe HTML);
/// <c>{{Subject}}</c> and <c>{{Product}}</c> are HTML-encoded. Register one to brand a product's mail.
/// </summary>
/// <param name="Html">The layout HTML.</param>
public sealed record EmailLayout(string Html)
{
    /// <summary>A plain, mail-client-friendly layout.</summary>
    public static EmailLayout Default { get; } = new("""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{Subject}}</title></head>
        <body style="margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;color:#18181b">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
        <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
        <tr><td style="padding:24px 32px;font-size:20px;font-weight:bold">{{Product}}</td></tr>
        <tr><td style="padding:0 32px 32px 32px;font-size:15px;line-height:1.5">{{Content}}</td></tr>
        </table></td></tr></table>
        </body>
        </html>
        """);
}

/// <summary>Thrown when a template is unknown or a placeholder has no value.</summary>
public sealed class NotificationTemplateException(string message) : InvalidOperationException(message)
{
}
