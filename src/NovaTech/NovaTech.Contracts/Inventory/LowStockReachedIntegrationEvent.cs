using Platform.Messaging;

namespace NovaTech.Contracts.Inventory;

/// <summary>The available quantity of a SKU fell to or below its low-stock threshold (raised once per crossing).</summary>
/// <param name="Sku">Stock keeping unit.</param>
/// <param name="Available">Units available across all warehouses.</param>
/// <param name="Threshold">The threshold that was crossed.</param>
/// <param name="OccurredAt">When the change committed.</param>
[IntegrationEventName("novatech.inventory.low-stock-reached.v1")]
public sealed record LowStockReachedIntegrationEvent(string Sku, int Available, int Threshold, DateTimeOffset OccurredAt) : IIntegrationEvent;
