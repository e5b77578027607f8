using Platform.Web;

namespace NovaTech.Ordering.Domain;

/// <summary>How much one cart may hold (<c>Ordering:MaxQuantityPerLine</c>, <c>Ordering:MaxCartLines</c>).</summary>
internal sealed record CartLimits(int MaxQuantityPerLine = 10, int MaxLines = 30);

/// <summary>
/// A shopping cart: anonymous (the unguessable id is the key; a cookie remembers it) or a signed-in customer's.
/// Each item remembers the price the shopper last saw, so checkout can tell them when it changed.
/// </summary>
internal sealed class Cart
{
    private Cart()
    {
    }

    public Guid Id { get; private set; }

    public Guid? CustomerId { get; private set; }

    public string Status { get; private set; } = CartStatus.Active;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency token: two tabs editing one cart do not lose each other's change silently.</summary>
    public int Version { get; private set; }

    public List<CartItem> Items { get; private set; } = [];

    public static Cart Create(Guid? customerId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        CustomerId = customerId,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Add(string sku, int quantity, long unitPricePence, CartLimits limits, DateTimeOffset now)
    {
        EnsureActive();
        if (quantity < 1)
        {
            throw new DomainException(OrderingErrors.QuantityLimit, "Add at least one unit.");
        }

        var item = Items.FirstOrDefault(i => i.Sku == sku);
        var total = (item?.Quantity ?? 0) + quantity;
        if (total > limits.MaxQuantityPerLine)
        {
            throw new DomainException(OrderingErrors.QuantityLimit, $"At most {limits.MaxQuantityPerLine} of {sku} per order.");
        }

        if (item is null)
        {
            if (Items.Count >= limits.MaxLines)
            {
                throw new DomainException(OrderingErrors.CartFull, $"A cart holds at most {limits.MaxLines} different items.");
            }

            Items.Add(new CartItem(Id, sku, quantity, unitPricePence, now));
        }
        else
        {
            item.Change(total, unitPricePence);
        }

        Touch(now);
    }

    public void SetQuantity(string sku, int quantity, CartLimits limits, DateTimeOffset now)
    {
        EnsureActive();
        var item = Items.FirstOrDefault(i => i.Sku == sku)
            ?? throw DomainException.NotFound(OrderingErrors.NotInCart, $"{sku} is not in the cart.");
        if (quantity < 0 || quantity > limits.MaxQuantityPerLine)
        {
            throw new DomainException(OrderingErrors.QuantityLimit, $"Quantity must be between 0 and {limits.MaxQuantityPerLine}.");
        }

        if (quantity == 0)
        {
            Items.Remove(item);
        }
        else
        {
            item.Change(quantity, item.UnitPricePence);
        }

        Touch(now);
    }

    public void Remove(string sku, DateTimeOffset now) => SetQuantity(sku, 0, new CartLimits(int.MaxValue, int.MaxValue), now);

    /// <summary>The shopper has now seen <paramref name="unitPricePence"/> for <paramref name="sku"/>.</summary>
    public void AcceptPrice(string sku, long unitPricePence, DateTimeOffset now)
    {
        var item = Items.First(i => i.Sku == sku);
        item.Change(item.Quantity, unitPricePence);
        Touch(now);
    }

    /// <summary>Signing in: the anonymous cart's items join this customer's cart (quantities added, capped at the limit).</summary>
    public void MergeFrom(Cart anonymous, CartLimits limits, DateTimeOffset now)
    {
        EnsureActive();
        anonymous.EnsureActive();
        foreach (var incoming in anonymous.Items)
        {
            var item = Items.FirstOrDefault(i => i.Sku == incoming.Sku);
            if (item is null)
            {
                if (Items.Count < limits.MaxLines)
                {
                    Items.Add(new CartItem(Id, incoming.Sku, Math.Min(incoming.Quantity, limits.MaxQuantityPerLine), incoming.UnitPricePence, now));
                }
            }
            else
            {
                item.Change(Math.Min(item.Quantity + incoming.Quantity, limits.MaxQuantityPerLine), incoming.UnitPricePence);
            }
        }

        anonymous.Status = CartStatus.Merged;
        anonymous.Touch(now);
        Touch(now);
    }

    public void ClaimFor(Guid customerId, DateTimeOffset now)
    {
        EnsureActive();
        CustomerId = customerId;
        Touch(now);
    }

    private void EnsureActive()
    {
        if (Status != CartStatus.Active)
        {
            throw DomainException.Conflict(OrderingErrors.CartNotActive, $"This cart is {Status.Replace('_', ' ')}; start a new one.");
        }
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

internal sealed class CartItem(Guid cartId, string sku, int quantity, long unitPricePence, DateTimeOffset addedAt)
{
    public Guid CartId { get; private set; } = cartId;

    public string Sku { get; private set; } = sku;

    public int Quantity { get; private set; } = quantity;

    /// <summary>The price the shopper last saw (VAT included).</summary>
    public long UnitPricePence { get; private set; } = unitPricePence;

    public DateTimeOffset AddedAt { get; private set; } = addedAt;

    public void Change(int quantity, long unitPricePence)
    {
        Quantity = quantity;
        UnitPricePence = unitPricePence;
    }
}

internal static class CartStatus
{
    public const string Active = "active";
    public const string Merged = "merged";
    public const string CheckedOut = "checked_out";
}
