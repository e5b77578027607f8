using Platform.Notifications;

namespace Nots.Bookings.Notifications;

/// <summary>The customer messages of the bookings module (British English; times in UK local time).</summary>
internal static class BookingTemplates
{
    public const string Confirmed = "nots.booking.confirmed";
    public const string Cancelled = "nots.booking.cancelled";
    public const string Amended = "nots.booking.amended";
    public const string Refunded = "nots.booking.refunded";

    public static readonly EmailTemplate ConfirmedEmail = new(
        Confirmed,
        "Your transfer {{Reference}} is confirmed",
        """
        <p>Dear {{PassengerName}},</p>
        <p>Thank you for booking with us. Your transfer <strong>{{Reference}}</strong> is confirmed.</p>
        <table role="presentation" cellpadding="4" cellspacing="0">
        <tr><td><strong>Pickup</strong></td><td>{{PickupAt}} (UK time)</td></tr>
        <tr><td><strong>From</strong></td><td>{{PickupName}}</td></tr>
        <tr><td><strong>To</strong></td><td>{{DropoffName}}</td></tr>
        <tr><td><strong>Vehicle</strong></td><td>{{VehicleClass}}, {{Passengers}} passenger(s)</td></tr>
        <tr><td><strong>Flight</strong></td><td>{{FlightNumber}}</td></tr>
        <tr><td><strong>Notes for the driver</strong></td><td>{{Notes}}</td></tr>
        </table>
        <h3>Your price</h3>
        <div style="white-space:pre-line">{{Lines}}</div>
        <p><strong>Total paid: {{Total}}</strong></p>
        <p><a href="{{ManageUrl}}">View, change or cancel your booking</a></p>
        <p>We will send your driver's details before pickup.</p>
        """,
        """
        Dear {{PassengerName}},

        Thank you for booking with us. Your transfer {{Reference}} is confirmed.

        Pickup: {{PickupAt}} (UK time)
        From:   {{PickupName}}
        To:     {{DropoffName}}
        Vehicle: {{VehicleClass}}, {{Passengers}} passenger(s)
        Flight: {{FlightNumber}}
        Notes for the driver: {{Notes}}

        Your price
        {{Lines}}
        Total paid: {{Total}}

        View, change or cancel your booking: {{ManageUrl}}

        We will send your driver's details before pickup.
        """);

    public static readonly SmsTemplate ConfirmedSms = new(
        Confirmed,
        "Transfer {{Reference}} confirmed: {{PickupAt}} from {{PickupName}}. Total {{Total}}. Manage: {{ManageUrl}}");

    public static readonly EmailTemplate CancelledEmail = new(
        Cancelled,
        "Your transfer {{Reference}} is cancelled",
        """
        <p>Dear {{PassengerName}},</p>
        <p>Your transfer <strong>{{Reference}}</strong> on {{PickupAt}} (UK time) from {{PickupName}} to {{DropoffName}} has been cancelled.</p>
        <table role="presentation" cellpadding="4" cellspacing="0">
        <tr><td><strong>Cancellation fee</strong></td><td>{{Fee}}</td></tr>
        <tr><td><strong>Refund</strong></td><td>{{Refund}}</td></tr>
        </table>
        <p>Refunds reach your card within 5 to 10 working days.</p>
        """,
        """
        Dear {{PassengerName}},

        Your transfer {{Reference}} on {{PickupAt}} (UK time) from {{PickupName}} to {{DropoffName}} has been cancelled.

        Cancellation fee: {{Fee}}
        Refund: {{Refund}}

        Refunds reach your card within 5 to 10 working days.
        """);

    public static readonly SmsTemplate CancelledSms = new(
        Cancelled,
        "Transfer {{Reference}} cancelled. Fee {{Fee}}, refund {{Refund}}.");

    public static readonly EmailTemplate AmendedEmail = new(
        Amended,
        "Your transfer {{Reference}} has been changed",
        """
        <p>Dear {{PassengerName}},</p>
        <p>Your transfer <strong>{{Reference}}</strong> has been changed.</p>
        <table role="presentation" cellpadding="4" cellspacing="0">
        <tr><td><strong>Pickup</strong></td><td>{{PickupAt}} (UK time)</td></tr>
        <tr><td><strong>From</strong></td><td>{{PickupName}}</td></tr>
        <tr><td><strong>To</strong></td><td>{{DropoffName}}</td></tr>
        <tr><td><strong>Vehicle</strong></td><td>{{VehicleClass}}, {{Passengers}} passenger(s)</td></tr>
        </table>
        <h3>Your price</h3>
        <div style="white-space:pre-line">{{Lines}}</div>
        <p><strong>Total: {{Total}}</strong> (paid {{Paid}}, still to pay {{Due}})</p>
        <p><a href="{{ManageUrl}}">View your booking</a></p>
        """,
        """
        Dear {{PassengerName}},

        Your transfer {{Reference}} has been changed.

        Pickup: {{PickupAt}} (UK time)
        From:   {{PickupName}}
        To:     {{DropoffName}}
        Vehicle: {{VehicleClass}}, {{Passengers}} passenger(s)

        Your price
        {{Lines}}
        Total: {{Total}} (paid {{Paid}}, still to pay {{Due}})

        View your booking: {{ManageUrl}}
        """);

    public static readonly EmailTemplate RefundedEmail = new(
        Refunded,
        "A refund on your transfer {{Reference}}",
        """
        <p>Dear {{PassengerName}},</p>
        <p>We have refunded <strong>{{Refund}}</strong> for your transfer <strong>{{Reference}}</strong> on {{PickupAt}} (UK time)
        from {{PickupName}} to {{DropoffName}}.</p>
        <table role="presentation" cellpadding="4" cellspacing="0">
        <tr><td><strong>Total</strong></td><td>{{Total}}</td></tr>
        <tr><td><strong>Paid, after refunds</strong></td><td>{{Paid}}</td></tr>
        </table>
        <p>Refunds reach your card within 5 to 10 working days.</p>
        <p><a href="{{ManageUrl}}">View your booking</a></p>
        """,
        """
        Dear {{PassengerName}},

        We have refunded {{Refund}} for your transfer {{Reference}} on {{PickupAt}} (UK time) from {{PickupName}} to {{DropoffName}}.

        Total: {{Total}}
        Paid, after refunds: {{Paid}}

        Refunds reach your card within 5 to 10 working days.

        View your booking: {{ManageUrl}}
        """);
}
