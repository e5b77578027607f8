using Platform.Messaging;

namespace NovaTech.Contracts.Inventory;

/// <summary>
/// The sellable quantity of a SKU changed (adjustment, reservation, commit, release). Raised by NovaTech.Inventory
/// through its outbox; the search index and back-in-stock alerts follow it.
/// </summary>
/// <param name="Sku">Stock keeping unit.</param>
/// <param name="Available">Units available to sell across all warehouses (on hand − reserved), never negative.</param>
/// <param name="OnHand">Units on hand across all warehouses.</param>
/// <param name="OccurredAt">When the change was committed; consumers ignore events older than what they have.</param>
[IntegrationEventName("novatech.inventory.stock-level-changed.v1")]
public sealed record StockLevelChangedIntegrationEvent(string Sku, int Available, int OnHand, DateTimeOffset OccurredAt) : IIntegrationEvent;
