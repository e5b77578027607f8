namespace Platform.Notifications;

/// <summary>
/// Sends notifications for product modules and keeps the delivery log: each send is recorded first, then
/// attempted; failures are retried by a background worker with back-off and can be resent by an admin.
/// Sending never throws because the mail or SMS system failed; the result says what happened.
/// </summary>
public interface INotificationService
{
    /// <summary>Renders the email template <paramref name="templateKey"/> with <paramref name="model"/> and sends it.</summary>
    /// <param name="templateKey">A key registered with <see cref="NotificationsServiceCollectionExtensions.AddEmailTemplate"/>.</param>
    /// <param name="to">The recipient address.</param>
    /// <param name="model">Placeholder values: a dictionary or an object with public properties.</param>
    /// <param name="reference">A business reference (e.g. booking reference) to find the delivery by.</param>
    /// <param name="attachments">Files to attach, e.g. a PDF receipt.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NotificationTemplateException">Unknown template or a missing placeholder value.</exception>
    Task<DeliveryResult> SendEmailAsync(string templateKey, string to, object? model, string? reference,
        IReadOnlyList<EmailAttachment>? attachments = null, CancellationToken cancellationToken = default);

    /// <summary>Sends an already rendered email (one or more recipients) through the delivery log.</summary>
    Task<DeliveryResult> SendEmailAsync(EmailMessage message, string? reference, string? templateKey = null, CancellationToken cancellationToken = default);

    /// <summary>Renders the SMS template <paramref name="templateKey"/> and sends it to an E.164 number.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not an E.164 number.</exception>
    /// <exception cref="NotificationTemplateException">Unknown template or a missing placeholder value.</exception>
    Task<DeliveryResult> SendSmsAsync(string templateKey, string to, object? model, string? reference, CancellationToken cancellationToken = default);

    /// <summary>Sends a text message as given.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not an E.164 number or the text is empty.</exception>
    Task<DeliveryResult> SendSmsTextAsync(string to, string text, string? reference, CancellationToken cancellationToken = default);

    /// <summary>Sends the content of an earlier delivery again as a new delivery; null when there is no such delivery.</summary>
    Task<DeliveryResult?> ResendAsync(Guid deliveryId, CancellationToken cancellationToken = default);

    /// <summary>One delivery, or null.</summary>
    Task<DeliveryView?> GetAsync(Guid deliveryId, CancellationToken cancellationToken = default);

    /// <summary>The delivery log, newest first, filtered and cursor paged.</summary>
    /// <exception cref="ArgumentException">An unknown status or a malformed cursor.</exception>
    Task<DeliveryPage> ListAsync(DeliveryQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Retries failed deliveries whose back-off has elapsed (the background worker calls this). Safe on
    /// several nodes at once: each delivery is claimed with a conditional update. Returns how many were tried.
    /// </summary>
    Task<int> RetryDueAsync(CancellationToken cancellationToken = default);
}

/// <summary>Delivery statuses as stored and shown.</summary>
public static class DeliveryStatus
{
    /// <summary>Recorded, not yet attempted (or the node died while attempting; the worker picks it up).</summary>
    public const string Queued = "queued";

    /// <summary>Accepted by the mail system or SMS provider.</summary>
    public const string Sent = "sent";

    /// <summary>The last attempt failed; retried while <see cref="DeliveryView.NextAttemptAt"/> is set.</summary>
    public const string Failed = "failed";

    /// <summary>True for one of the three statuses.</summary>
    public static bool IsValid(string? status) => status is Queued or Sent or Failed;
}

/// <summary>Delivery channels.</summary>
public static class DeliveryChannel
{
    /// <summary>Email.</summary>
    public const string Email = "email";

    /// <summary>Text message.</summary>
    public const string Sms = "sms";
}

/// <summary>The outcome of a send.</summary>
/// <param name="DeliveryId">The delivery log row.</param>
/// <param name="Status"><see cref="DeliveryStatus.Sent"/> or <see cref="DeliveryStatus.Failed"/>.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record DeliveryResult(Guid DeliveryId, string Status, string? Error);

/// <summary>A delivery log row as admins see it.</summary>
public sealed record DeliveryView(
    Guid Id,
    string Channel,
    string Recipient,
    string? TemplateKey,
    string? Subject,
    string Status,
    int Attempts,
    string? LastError,
    string? Reference,
    Guid? ResendOf,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? NextAttemptAt);

/// <summary>A filter on the delivery log.</summary>
/// <param name="Status">Only this status (<c>queued</c>, <c>sent</c>, <c>failed</c>).</param>
/// <param name="Reference">Only this business reference.</param>
/// <param name="Limit">Page size, 1..200 (default 50).</param>
/// <param name="Cursor">The <see cref="DeliveryPage.NextCursor"/> of the previous page.</param>
public sealed record DeliveryQuery(string? Status = null, string? Reference = null, int Limit = 50, string? Cursor = null);

/// <summary>A page of the delivery log.</summary>
/// <param name="Items">Newest first.</param>
/// <param name="NextCursor">Pass back to get the next page; null on the last page.</param>
public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items, string? NextCursor);

/// <summary>Retry settings (<c>Notifications:*</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>Attempts before a delivery is left failed for an admin (<c>Notifications:MaxAttempts</c>, default 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Back-off after the first failure, doubling each time (<c>Notifications:RetryBaseDelaySeconds</c>, default 30).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest back-off (<c>Notifications:RetryMaxDelaySeconds</c>, default 3600).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the worker looks for due retries (<c>Notifications:RetryIntervalSeconds</c>, default 15).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a node owns a delivery it is sending before another may take it over (default 5 minutes).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The back-off after <paramref name="attempts"/> failed attempts.</summary>
    public TimeSpan BackoffAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * factor, RetryMaxDelay.Ticks));
        return delay;
    }
}
