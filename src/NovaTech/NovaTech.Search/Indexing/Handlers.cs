using NovaTech.Contracts.Catalog;
using NovaTech.Contracts.Inventory;
using Platform.Messaging;

namespace NovaTech.Search.Indexing;

/// <summary>Keeps a product's search document current (runs in the inbox transaction: exactly-once effect).</summary>
internal sealed class IndexProductChange(SearchIndexWriter writer) : IIntegrationEventHandler<ProductChangedIntegrationEvent>
{
    public Task HandleAsync(ProductChangedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken) =>
        writer.ApplyProductAsync(integrationEvent, cancellationToken);
}

/// <summary>Keeps the in-stock flag current from Inventory's stock levels.</summary>
internal sealed class IndexStockLevel(SearchIndexWriter writer) : IIntegrationEventHandler<StockLevelChangedIntegrationEvent>
{
    public Task HandleAsync(StockLevelChangedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken) =>
        writer.ApplyStockAsync(integrationEvent, cancellationToken);
}
