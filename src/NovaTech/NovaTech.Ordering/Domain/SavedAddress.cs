using Platform.Web;

namespace NovaTech.Ordering.Domain;

/// <summary>A delivery address a customer keeps in their account to pick at checkout; validated like a checkout address.</summary>
internal sealed class SavedAddress
{
    /// <summary>How many addresses one account keeps (a bound, not a business promise).</summary>
    public const int MaxPerCustomer = 20;

    private SavedAddress()
    {
    }

    public Guid Id { get; private set; }

    public Guid CustomerId { get; private set; }

    public string Name { get; private set; } = "";

    public string Line1 { get; private set; } = "";

    public string? Line2 { get; private set; }

    public string City { get; private set; } = "";

    public string Postcode { get; private set; } = "";

    public string Country { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public static SavedAddress Create(Guid customerId, ShippingAddress address, DateTimeOffset now)
    {
        var saved = new SavedAddress { Id = Guid.CreateVersion7(now), CustomerId = customerId, CreatedAt = now };
        saved.Change(address, now);
        saved.Version = 0;
        return saved;
    }

    /// <summary>Replaces the address with a validated one.</summary>
    public void Change(ShippingAddress address, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(address);
        (Name, Line1, Line2, City, Postcode, Country) = (address.Name, address.Line1, address.Line2, address.City, address.Postcode, address.Country);
        UpdatedAt = now;
        Version++;
    }

    public static DomainException BookFull() =>
        DomainException.Conflict(OrderingErrors.AddressBookFull, $"You can keep at most {MaxPerCustomer} addresses; delete one first.");
}
