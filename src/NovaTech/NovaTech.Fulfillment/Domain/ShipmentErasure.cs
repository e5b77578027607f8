using Platform.Privacy;

namespace NovaTech.Fulfillment.Domain;

/// <summary>GDPR erasure of a shipment's recipient; carrier, tracking and what was shipped stay (they name no one).</summary>
internal sealed partial class Shipment
{
    public bool RecipientErased => Recipient.Email == Erased.Email;

    /// <summary>Replaces the recipient's contact details and address (the country stays); false when already done.</summary>
    public bool EraseRecipient(DateTimeOffset now)
    {
        if (RecipientErased)
        {
            return false;
        }

        Recipient = Recipient with { Email = Erased.Email, Phone = null, Name = Erased.Name, Line1 = Erased.Text, Line2 = null, City = Erased.Text, Postcode = Erased.Text };
        UpdatedAt = now;
        Version++;
        return true;
    }
}
