using System.Net.Mail;
using Platform.Web;

namespace NovaTech.Inventory.Domain;

/// <summary>
/// A shopper's wish to hear when an out-of-stock SKU can be bought again. Open until it is sent (once) or the shopper
/// unsubscribes; one open alert per SKU and email (a partial unique index), so asking twice changes nothing.
/// </summary>
internal sealed class StockAlert
{
    private StockAlert()
    {
    }

    public Guid Id { get; private set; }

    public string Sku { get; private set; } = "";

    public Guid ProductId { get; private set; }

    /// <summary>Trimmed and lower-cased, so the same person is one subscriber.</summary>
    public string Email { get; private set; } = "";

    public string ProductName { get; private set; } = "";

    public string Slug { get; private set; } = "";

    /// <summary>When the shopper saw the SKU out of stock; availability after this moment is "back in stock".</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? NotifiedAt { get; private set; }

    public DateTimeOffset? UnsubscribedAt { get; private set; }

    public int Version { get; private set; }

    public bool IsOpen => NotifiedAt is null && UnsubscribedAt is null;

    public static StockAlert Subscribe(string sku, Guid productId, string email, string productName, string slug, DateTimeOffset now)
    {
        var normalised = NormaliseEmail(email);
        return new StockAlert
        {
            Id = Guid.CreateVersion7(now),
            Sku = sku,
            ProductId = productId,
            Email = normalised,
            ProductName = productName.Length > 200 ? productName[..200] : productName,
            Slug = slug.Length > 200 ? slug[..200] : slug,
            CreatedAt = now,
        };
    }

    public static string NormaliseEmail(string email)
    {
        var trimmed = email.Trim().ToLowerInvariant();
        if (trimmed.Length > 254 || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed)
        {
            throw new DomainException(InventoryErrors.InvalidEmail, "Give a valid email address.");
        }

        return trimmed;
    }

    /// <summary>The SKU is available again: this alert is sent now and done.</summary>
    public void MarkNotified(DateTimeOffset now)
    {
        if (!IsOpen)
        {
            throw DomainException.Conflict(InventoryErrors.AlertClosed, "This alert was already sent or cancelled.");
        }

        NotifiedAt = now;
        Version++;
    }

    /// <summary>The shopper no longer wants it. Unsubscribing twice, or after it was sent, is harmless.</summary>
    public void Unsubscribe(DateTimeOffset now)
    {
        if (IsOpen)
        {
            UnsubscribedAt = now;
            Version++;
        }
    }
}
