using NovaTech.Ordering.Features.Addresses;
using NovaTech.Ordering.Features.Orders;
using Platform.Identity.Browser;

namespace NovaTech.Web.Storefront.Account;

/// <summary>A form page of the account area: what was typed (never the password), messages per field, where to go after.</summary>
public sealed record AccountFormModel(Chrome Chrome, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Errors, string? ReturnUrl)
{
    public string? ValueOf(string field) => Values.GetValueOrDefault(field);

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    /// <summary>Problems that belong to the form as a whole (key "").</summary>
    public string? FormError => Errors.GetValueOrDefault("");

    public string ReturnQuery => ReturnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(ReturnUrl);
}

/// <summary>The authenticator set-up page.</summary>
public sealed record MfaSetupModel(Chrome Chrome, MfaEnrollment Enrollment, bool Required, string? Error, string? ReturnUrl);

/// <summary>The account overview: details, security, recent orders, addresses, your data.</summary>
public sealed record AccountOverviewModel(Chrome Chrome, AccountSummary Account, IReadOnlyList<OrderSummaryResponse> RecentOrders, bool MoreOrders,
    int AddressCount, string? ErasureError);

/// <summary>The order history, a page at a time.</summary>
public sealed record OrderHistoryModel(Chrome Chrome, IReadOnlyList<OrderSummaryResponse> Orders, string? NextCursor, bool FirstPage);

/// <summary>The address book.</summary>
public sealed record AddressBookModel(Chrome Chrome, IReadOnlyList<SavedAddressResponse> Addresses);

/// <summary>Adding or changing an address.</summary>
public sealed record AddressFormModel(Chrome Chrome, Guid? Id, AddressForm Form, IReadOnlyDictionary<string, string> Errors, string? Problem)
{
    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    public string Action => Id is null ? "/account/addresses" : $"/account/addresses/{Id}";
}

/// <summary>An address as posted (plain strings; the ordering module's rules decide).</summary>
public sealed class AddressForm
{
    public string? Name { get; set; }

    public string? Line1 { get; set; }

    public string? Line2 { get; set; }

    public string? City { get; set; }

    public string? Postcode { get; set; }

    public string? Country { get; set; }

    public SavedAddressRequest ToRequest() => new(Name?.Trim(), Line1?.Trim(), Line2?.Trim(), City?.Trim(), Postcode?.Trim(), (Country ?? "").Trim().ToUpperInvariant());

    public static AddressForm From(SavedAddressResponse a) =>
        new() { Name = a.Name, Line1 = a.Line1, Line2 = a.Line2, City = a.City, Postcode = a.Postcode, Country = a.Country };
}

/// <summary>Status of an order for people, with the parcel stage when it says more.</summary>
public static class OrderText
{
    public static string Status(OrderSummaryResponse order) =>
        order.Status is "Refunded" or "PartiallyRefunded" && order.FulfilmentStatus is not "None"
            ? $"{OrderModel.StatusText(order.Status)} ({OrderModel.StatusText(order.FulfilmentStatus).ToLowerInvariant()})"
            : OrderModel.StatusText(order.Status);
}
