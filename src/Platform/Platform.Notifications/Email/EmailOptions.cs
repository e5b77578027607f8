namespace Platform.Notifications;

/// <summary>Email settings (<c>Email:*</c>).</summary>
public sealed class EmailOptions
{
    /// <summary>The product name shown in the email layout.</summary>
    public string Product { get; set; } = "";

    /// <summary>Default sender (<c>Email:From</c>), e.g. <c>NOTS &lt;bookings@example.test&gt;</c>.</summary>
    public string From { get; set; } = "";

    /// <summary>Where <c>.eml</c> files go when no SMTP host is set (<c>Email:PickupDirectory</c>).</summary>
    public string PickupDirectory { get; set; } = "";

    /// <summary>SMTP relay host (<c>Email:Smtp:Host</c>); when set, mail goes over SMTP.</summary>
    public string? SmtpHost { get; set; }

    /// <summary>SMTP port (<c>Email:Smtp:Port</c>); default 587 with SSL, 25 without.</summary>
    public int? SmtpPort { get; set; }

    /// <summary>SMTP user (<c>Email:Smtp:Username</c>).</summary>
    public string? SmtpUsername { get; set; }

    /// <summary>SMTP password (<c>Email:Smtp:Password</c>).</summary>
    public string? SmtpPassword { get; set; }

    /// <summary>STARTTLS (<c>Email:Smtp:EnableSsl</c>).</summary>
    public bool SmtpEnableSsl { get; set; }

    /// <summary>True when mail goes to an SMTP relay rather than the pickup folder.</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost);
}
