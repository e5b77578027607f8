using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NovaTech.Ordering.Data;
using NovaTech.Ordering.Domain;
using NovaTech.Ordering.Features.Carts;
using Platform.Identity;
using Platform.Web;

namespace NovaTech.Ordering.Features.Addresses;

/// <summary>Body of <c>POST addresses</c> and <c>PUT addresses/{id}</c>: a delivery address, checked like a checkout address.</summary>
public sealed record SavedAddressRequest(
    [property: StringLength(100)] string? Name,
    [property: StringLength(100)] string? Line1,
    [property: StringLength(100)] string? Line2,
    [property: StringLength(60)] string? City,
    [property: StringLength(12)] string? Postcode,
    [property: StringLength(2)] string? Country);

/// <summary>A saved delivery address (postcode in its country's canonical form).</summary>
public sealed record SavedAddressResponse(Guid Id, string Name, string Line1, string? Line2, string City, string Postcode, string Country, DateTimeOffset UpdatedAt);

/// <summary>The signed-in customer's address book, for the storefront's account pages: the same handlers as <c>addresses</c>.</summary>
public interface IStorefrontAddresses
{
    /// <summary><c>GET addresses</c>: oldest first.</summary>
    Task<IReadOnlyList<SavedAddressResponse>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary>One of the customer's addresses, or null (another customer's address is not found either).</summary>
    Task<SavedAddressResponse?> FindAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>POST addresses</c>; a <see cref="DomainException"/> names the bad field in <c>Details["field"]</c>.</summary>
    Task<SavedAddressResponse> AddAsync(SavedAddressRequest request, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>PUT addresses/{id}</c>.</summary>
    Task<SavedAddressResponse> ChangeAsync(Guid id, SavedAddressRequest request, ClaimsPrincipal user, CancellationToken cancellationToken);

    /// <summary><c>DELETE addresses/{id}</c>.</summary>
    Task DeleteAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken);
}

/// <summary><c>addresses</c>: the signed-in customer's saved delivery addresses. Only the account holder reaches them (404 otherwise).</summary>
internal static class AddressEndpoints
{
    public static void MapAddresses(this RouteGroupBuilder api)
    {
        var addresses = api.MapGroup("addresses").WithTags("Addresses").RequireAuthorization(PlatformPolicies.Authenticated);
        addresses.MapGet("", ListAsync).WithName("ListAddresses");
        addresses.MapPost("", AddAsync).WithName("AddAddress");
        addresses.MapPut("{id:guid}", ChangeAsync).WithName("ChangeAddress");
        addresses.MapDelete("{id:guid}", DeleteAsync).WithName("DeleteAddress");
    }

    internal static async Task<Ok<List<SavedAddressResponse>>> ListAsync(OrderingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var customer = CustomerOf(user);
        var rows = await db.SavedAddresses.AsNoTracking().Where(a => a.CustomerId == customer)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).Take(SavedAddress.MaxPerCustomer).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(ToResponse).ToList());
    }

    internal static async Task<Created<SavedAddressResponse>> AddAsync(SavedAddressRequest request, OrderingDbContext db, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var customer = CustomerOf(user);
        var address = Validate(request);
        if (await db.SavedAddresses.CountAsync(a => a.CustomerId == customer, cancellationToken) >= SavedAddress.MaxPerCustomer)
        {
            throw SavedAddress.BookFull();
        }

        var saved = SavedAddress.Create(customer, address, time.GetUtcNow());
        db.SavedAddresses.Add(saved);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"addresses/{saved.Id}", ToResponse(saved));
    }

    internal static async Task<Ok<SavedAddressResponse>> ChangeAsync(Guid id, SavedAddressRequest request, OrderingDbContext db, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var saved = await LoadAsync(db, id, user, cancellationToken);
        saved.Change(Validate(request), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(saved));
    }

    internal static async Task<NoContent> DeleteAsync(Guid id, OrderingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var customer = CustomerOf(user);
        var deleted = await db.SavedAddresses.Where(a => a.Id == id && a.CustomerId == customer).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? throw NotFound() : TypedResults.NoContent();
    }

    internal static async Task<SavedAddress> LoadAsync(OrderingDbContext db, Guid id, ClaimsPrincipal user, CancellationToken cancellationToken, bool tracked = true)
    {
        var customer = CustomerOf(user);
        var query = tracked ? db.SavedAddresses : db.SavedAddresses.AsNoTracking();
        return await query.FirstOrDefaultAsync(a => a.Id == id && a.CustomerId == customer, cancellationToken) ?? throw NotFound();
    }

    /// <summary>The checkout's address rules (<see cref="ShippingAddress.Create"/>), with the field named as in this request.</summary>
    private static ShippingAddress Validate(SavedAddressRequest request)
    {
        try
        {
            return ShippingAddress.Create(request.Name, request.Line1, request.Line2, request.City, request.Postcode, request.Country);
        }
        catch (DomainException exception) when (exception.Details.TryGetValue("field", out var field) && field is string name)
        {
            exception.Details["field"] = name.Replace("shippingAddress.", "", StringComparison.Ordinal);
            throw;
        }
    }

    private static Guid CustomerOf(ClaimsPrincipal user) =>
        CartEndpoints.CustomerIdOf(user) ?? throw DomainException.NotFound(OrderingErrors.AddressNotFound, "Sign in to keep addresses.");

    private static DomainException NotFound() => DomainException.NotFound(OrderingErrors.AddressNotFound, "There is no such address in your account.");

    public static SavedAddressResponse ToResponse(SavedAddress a) => new(a.Id, a.Name, a.Line1, a.Line2, a.City, a.Postcode, a.Country, a.UpdatedAt);
}

internal sealed class StorefrontAddresses(OrderingDbContext db, TimeProvider time) : IStorefrontAddresses
{
    public async Task<IReadOnlyList<SavedAddressResponse>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        CartEndpoints.CustomerIdOf(user) is null ? [] : (await AddressEndpoints.ListAsync(db, user, cancellationToken)).Value!;

    public async Task<SavedAddressResponse?> FindAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            return AddressEndpoints.ToResponse(await AddressEndpoints.LoadAsync(db, id, user, cancellationToken, tracked: false));
        }
        catch (DomainException exception) when (exception.Code == OrderingErrors.AddressNotFound)
        {
            return null;
        }
    }

    public async Task<SavedAddressResponse> AddAsync(SavedAddressRequest request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await AddressEndpoints.AddAsync(request, db, time, user, cancellationToken)).Value!;

    public async Task<SavedAddressResponse> ChangeAsync(Guid id, SavedAddressRequest request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await AddressEndpoints.ChangeAsync(id, request, db, time, user, cancellationToken)).Value!;

    public Task DeleteAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        AddressEndpoints.DeleteAsync(id, db, user, cancellationToken);
}
