namespace NovaTech.Contracts.Ordering;

/// <summary>
/// Checks the order token a guest got at checkout, so other modules (fulfilment's tracking page) can let a guest
/// see their order without an account. Implemented by NovaTech.Ordering, which alone holds the token's hash.
/// </summary>
public interface IOrderTokens
{
    /// <summary>True when <paramref name="token"/> is the guest token of order <paramref name="orderNumber"/>.</summary>
    Task<bool> IsOrderTokenValidAsync(string orderNumber, string token, CancellationToken cancellationToken = default);
}
