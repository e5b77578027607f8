using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Messaging;
using Platform.Notifications.Data;
using Platform.Persistence;
using Platform.Privacy;

namespace Platform.Notifications;

/// <summary>Registration of notifications and of the templates product modules send.</summary>
public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="INotificationService"/>, the delivery log (module <c>notifications</c>), the retry worker,
    /// email through System.Net.Mail (pickup folder <c>Email:PickupDirectory</c>, default <c>data/mail/&lt;product&gt;</c>;
    /// SMTP when <c>Email:Smtp:Host</c> is set) and SMS to the SMS log table. Senders are registered with TryAdd:
    /// register another <see cref="IEmailSender"/> or <see cref="ISmsSender"/> first to replace them.
    /// </summary>
    public static IServiceCollection AddPlatformNotifications(this IServiceCollection services, IConfiguration configuration, string product)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(product);
        services.AddPlatformPersistence(configuration, product);
        services.AddModuleDbContext<NotificationsDbContext>(NotificationsDbContext.Module);
        services.TryAddSingleton(TimeProvider.System);

        var email = configuration.GetSection("Email");
        var smtp = email.GetSection("Smtp");
        services.AddOptions<EmailOptions>().Configure(o =>
        {
            o.Product = product;
            o.From = email["From"] is { Length: > 0 } from ? from : $"{product} <no-reply@{product.ToLowerInvariant()}.localhost>";
            o.PickupDirectory = email["PickupDirectory"] is { Length: > 0 } pickup ? pickup : Path.Combine("data", "mail", product.ToLowerInvariant());
            o.SmtpHost = smtp["Host"] is { Length: > 0 } host ? host : null;
            o.SmtpPort = smtp["Port"] is { Length: > 0 } port ? int.Parse(port, CultureInfo.InvariantCulture) : null;
            o.SmtpUsername = smtp["Username"];
            o.SmtpPassword = smtp["Password"];
            o.SmtpEnableSsl = bool.TryParse(smtp["EnableSsl"], out var ssl) && ssl;
        });

        var notifications = configuration.GetSection("Notifications");
        services.AddOptions<NotificationOptions>().Configure(o =>
        {
            if (int.TryParse(notifications["MaxAttempts"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) && max > 0)
            {
                o.MaxAttempts = max;
            }

            if (Seconds(notifications["RetryBaseDelaySeconds"]) is { } baseDelay)
            {
                o.RetryBaseDelay = baseDelay;
            }

            if (Seconds(notifications["RetryMaxDelaySeconds"]) is { } maxDelay)
            {
                o.RetryMaxDelay = maxDelay;
            }

            if (Seconds(notifications["RetryIntervalSeconds"]) is { } interval)
            {
                o.RetryInterval = interval;
            }
        });

        services.TryAddSingleton<IEmailSender, SmtpClientEmailSender>();
        services.TryAddScoped<ISmsSender, SmsLogSender>();
        services.TryAddSingleton(sp => new NotificationTemplates(
            sp.GetServices<EmailTemplate>(), sp.GetServices<SmsTemplate>(), sp.GetService<EmailLayout>()));
        services.TryAddScoped<INotificationService, NotificationService>();
        services.AddHostedService<NotificationRetryWorker>();
        services.AddPersonalDataSource<NotificationsPersonalData>();
        return services;
    }

    /// <summary>
    /// Consumes <see cref="NotificationRequested"/> (see <see cref="NotificationRequests"/>) from every module's outbox
    /// and sends it. Needs <c>AddPlatformMessaging</c>; the product host calls this once.
    /// </summary>
    public static IServiceCollection AddNotificationRequests(this IServiceCollection services) =>
        services.AddIntegrationEventHandler<NotificationRequested, NotificationRequestedHandler, NotificationsDbContext>();

    /// <summary>Registers an email template product code can send by key (a later registration of a key wins).</summary>
    public static IServiceCollection AddEmailTemplate(this IServiceCollection services, EmailTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return services.AddSingleton(template);
    }

    /// <summary>Registers a text message template product code can send by key (a later registration of a key wins).</summary>
    public static IServiceCollection AddSmsTemplate(this IServiceCollection services, SmsTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return services.AddSingleton(template);
    }

    /// <summary>Replaces the HTML layout emails are wrapped in.</summary>
    public static IServiceCollection AddEmailLayout(this IServiceCollection services, EmailLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        services.RemoveAll<EmailLayout>();
        return services.AddSingleton(layout);
    }

    private static TimeSpan? Seconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
