namespace NovaTech.Contracts.Ordering;

/// <summary>Which orders belong to an account, for modules that keep copies of order data (personal-data export and erasure). Implemented by NovaTech.Ordering.</summary>
public interface ICustomerOrders
{
    /// <summary>The numbers of the orders placed while signed in as <paramref name="customerId"/> (also after their personal data was erased).</summary>
    Task<IReadOnlyList<string>> OrderNumbersAsync(Guid customerId, CancellationToken cancellationToken = default);
}
