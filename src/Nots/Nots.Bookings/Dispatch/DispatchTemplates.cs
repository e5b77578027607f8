using Platform.Notifications;

namespace Nots.Bookings.Dispatch;

/// <summary>Customer messages about the driver (British English; times in UK local time; SMS kept within 160 characters).</summary>
internal static class DispatchTemplates
{
    public const string DriverAssigned = "nots.booking.driver-assigned";
    public const string DriverEnRoute = "nots.booking.driver-en-route";
    public const string DriverArrived = "nots.booking.driver-arrived";

    public static readonly EmailTemplate DriverAssignedEmail = new(
        DriverAssigned,
        "Your driver for {{Reference}}: {{DriverFirstName}}",
        """
        <p>Dear {{PassengerName}},</p>
        <p>Your driver for transfer <strong>{{Reference}}</strong> on {{PickupAt}} (UK time) from {{PickupName}} is <strong>{{DriverFirstName}}</strong>.</p>
        <table role="presentation" cellpadding="4" cellspacing="0">
        <tr><td><strong>Vehicle</strong></td><td>{{Colour}} {{Make}} {{Model}}</td></tr>
        <tr><td><strong>Registration</strong></td><td>{{Registration}}</td></tr>
        <tr><td><strong>Private hire badge</strong></td><td>{{BadgeNumber}}</td></tr>
        </table>
        <p>{{BadgePhoto}}</p>
        <p>Please check the registration before you get in. We will tell you when your driver is on the way.</p>
        """,
        """
        Dear {{PassengerName}},

        Your driver for transfer {{Reference}} on {{PickupAt}} (UK time) from {{PickupName}} is {{DriverFirstName}}.

        Vehicle: {{Colour}} {{Make}} {{Model}}
        Registration: {{Registration}}
        Private hire badge: {{BadgeNumber}}
        {{BadgePhoto}}

        Please check the registration before you get in. We will tell you when your driver is on the way.
        """);

    public static readonly SmsTemplate DriverAssignedSms = new(
        DriverAssigned,
        "{{Reference}}: your driver is {{DriverFirstName}}, {{Colour}} {{Make}} {{Registration}}. Pickup {{PickupTime}}.");

    public static readonly EmailTemplate DriverEnRouteEmail = new(
        DriverEnRoute,
        "Your driver is on the way ({{Reference}})",
        """
        <p>Dear {{PassengerName}},</p>
        <p>{{DriverFirstName}} is on the way to {{PickupName}} in a {{Colour}} {{Make}} {{Model}}, registration <strong>{{Registration}}</strong>.</p>
        """,
        """
        Dear {{PassengerName}},

        {{DriverFirstName}} is on the way to {{PickupName}} in a {{Colour}} {{Make}} {{Model}}, registration {{Registration}}.
        """);

    public static readonly SmsTemplate DriverEnRouteSms = new(
        DriverEnRoute,
        "{{Reference}}: {{DriverFirstName}} is on the way in a {{Colour}} {{Make}}, {{Registration}}.");

    public static readonly EmailTemplate DriverArrivedEmail = new(
        DriverArrived,
        "Your driver has arrived ({{Reference}})",
        """
        <p>Dear {{PassengerName}},</p>
        <p>{{DriverFirstName}} has arrived at {{PickupName}} in a {{Colour}} {{Make}} {{Model}}, registration <strong>{{Registration}}</strong>.</p>
        <p>{{MeetingPoint}}</p>
        """,
        """
        Dear {{PassengerName}},

        {{DriverFirstName}} has arrived at {{PickupName}} in a {{Colour}} {{Make}} {{Model}}, registration {{Registration}}.
        {{MeetingPoint}}
        """);

    public static readonly SmsTemplate DriverArrivedSms = new(
        DriverArrived,
        "{{Reference}}: {{DriverFirstName}} has arrived, {{Colour}} {{Make}} {{Registration}}.");
}
