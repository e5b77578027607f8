using Platform.Notifications;

namespace Nots.Fleet.Notifications;

/// <summary>The fleet module's messages (British English).</summary>
internal static class FleetTemplates
{
    public const string Invitation = "nots.fleet.driver-invitation";
    public const string Expiring = "nots.fleet.compliance-expiring";
    public const string ExpiringAdmin = "nots.fleet.compliance-expiring-admin";
    public const string Rejected = "nots.fleet.document-rejected";

    public static readonly EmailTemplate InvitationEmail = new(
        Invitation,
        "Welcome to NOTS, {{FirstName}}: set your password",
        """
        <p>Dear {{FirstName}},</p>
        <p>You have been set up as a driver with NOTS. Your sign-in is <strong>{{Email}}</strong>.</p>
        <p><a href="{{Link}}">Choose your password</a> to start using the driver app.</p>
        <p>The link works once and expires in 24 hours; ask the office for a new one if it runs out.</p>
        """,
        """
        Dear {{FirstName}},

        You have been set up as a driver with NOTS. Your sign-in is {{Email}}.

        Choose your password to start using the driver app:
        {{Link}}

        The link works once and expires in 24 hours; ask the office for a new one if it runs out.
        """);

    public static readonly EmailTemplate ExpiringEmail = new(
        Expiring,
        "Your {{Document}} {{When}}",
        """
        <p>Dear {{FirstName}},</p>
        <p>The {{Document}} for {{Owner}} {{When}} ({{ExpiresOn}}).</p>
        <p>Please upload the renewed document in the driver app. Without it you cannot be given work once it has expired.</p>
        """,
        """
        Dear {{FirstName}},

        The {{Document}} for {{Owner}} {{When}} ({{ExpiresOn}}).

        Please upload the renewed document in the driver app. Without it you cannot be given work once it has expired.
        """);

    public static readonly SmsTemplate ExpiringSms = new(
        Expiring,
        "NOTS: the {{Document}} for {{Owner}} {{When}} ({{ExpiresOn}}). Please upload the renewal in the driver app.");

    public static readonly EmailTemplate ExpiringAdminEmail = new(
        ExpiringAdmin,
        "Compliance: {{Document}} for {{Owner}} {{When}}",
        """
        <p>The {{Document}} for {{Owner}} {{When}} ({{ExpiresOn}}).</p>
        <p>Once it has expired the {{OwnerType}} is not compliant and dispatch refuses it. Document id: {{DocumentId}}.</p>
        """,
        """
        The {{Document}} for {{Owner}} {{When}} ({{ExpiresOn}}).

        Once it has expired the {{OwnerType}} is not compliant and dispatch refuses it. Document id: {{DocumentId}}.
        """);

    public static readonly EmailTemplate RejectedEmail = new(
        Rejected,
        "Your {{Document}} was not accepted",
        """
        <p>Dear {{FirstName}},</p>
        <p>The {{Document}} you uploaded for {{Owner}} was not accepted: <strong>{{Reason}}</strong></p>
        <p>Please upload it again in the driver app.</p>
        """,
        """
        Dear {{FirstName}},

        The {{Document}} you uploaded for {{Owner}} was not accepted: {{Reason}}

        Please upload it again in the driver app.
        """);

    public static void Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
        services.AddEmailTemplate(InvitationEmail);
        services.AddEmailTemplate(ExpiringEmail);
        services.AddSmsTemplate(ExpiringSms);
        services.AddEmailTemplate(ExpiringAdminEmail);
        services.AddEmailTemplate(RejectedEmail);
    }
}
