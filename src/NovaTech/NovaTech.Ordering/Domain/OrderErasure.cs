using Platform.Privacy;

namespace NovaTech.Ordering.Domain;

/// <summary>
/// GDPR erasure of an order. What accounting must keep (UK: six years — order number, dates, lines, prices, VAT,
/// totals, refunds, and the delivery country that decides the VAT) stays; who bought it and where it went do not.
/// The order stays linked to the (closed, scrubbed) account id, which identifies no one any more.
/// </summary>
internal sealed partial class Order
{
    public DateTimeOffset? PersonalDataErasedAt { get; private set; }

    /// <summary>Goods still on their way need the address; erasure waits until the order is delivered, cancelled or refunded.</summary>
    public bool StillNeedsAddress => Status is OrderStatus.Paid or OrderStatus.Fulfilling or OrderStatus.Shipped
        || (Status == OrderStatus.PartiallyRefunded && Fulfilment is not FulfilmentStage.Delivered);

    /// <summary>Replaces the buyer's e-mail and the delivery address; false when already done.</summary>
    public bool ErasePersonalData(DateTimeOffset now)
    {
        if (PersonalDataErasedAt is not null)
        {
            return false;
        }

        Email = Erased.Email;
        ShippingAddress = ShippingAddress with { Name = Erased.Name, Line1 = Erased.Text, Line2 = null, City = Erased.Text, Postcode = Erased.Text };
        PersonalDataErasedAt = now;
        Note("Personal data erased at the customer's request; accounting record kept", now);
        Touch(now);
        return true;
    }
}
