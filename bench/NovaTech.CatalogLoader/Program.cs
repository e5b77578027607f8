using System.Diagnostics;
using System.Globalization;
using NovaTech.Catalog.Demo;
using NovaTech.Contracts.Inventory;
using NovaTech.Search.Indexing;
using Platform.Hosting;

// Loads a generated consumer-electronics catalog into an empty NovaTech database, fast: the catalog tables in
// batches of 2,000 products per transaction, the search read model from the same product states (same SQL as the
// event handlers), about 85 % of the SKUs in stock, then an FTS5 optimize and ANALYZE.
//
//   dotnet run -c Release --project bench/NovaTech.CatalogLoader -- --products 200000 --Database:DataDirectory=/tmp/bench-data
//
// Every other argument is host configuration (e.g. --Database:Provider=Postgres --ConnectionStrings:NovaTech=...).

var products = 200_000;
var hostArgs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--products" && i + 1 < args.Length)
    {
        products = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else
    {
        hostArgs.Add(args[i]);
    }
}

hostArgs.Add("--Logging:LogLevel:Default=Warning");
var app = NovaTech.Web.Program.Build([.. hostArgs]);
await app.PrepareAsync();
var started = Stopwatch.StartNew();
var indexing = new Stopwatch();
var inStock = 0;
var skus = 0;
await CatalogSeeding.BulkLoadAsync(app.Services, products, Guid.Empty, async batch =>
{
    indexing.Start();
    await SearchIndexing.IndexProductsAsync(app.Services, batch);
    var levels = batch.SelectMany(p => p.Variants)
        .Select(v => new StockLevelChangedIntegrationEvent(v.Sku, (int)((uint)v.Sku.GetHashCode(StringComparison.Ordinal) % 100) < 85 ? 10 : 0, 10, DateTimeOffset.UtcNow))
        .ToList();
    skus += levels.Count;
    inStock += levels.Count(l => l.Available > 0);
    await SearchIndexing.ApplyStockLevelsAsync(app.Services, levels);
    indexing.Stop();
}, new Progress<int>(n => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n,8} products  {started.Elapsed.TotalSeconds,6:F0} s (search index {indexing.Elapsed.TotalSeconds:F0} s)"))));
await SearchIndexing.OptimizeAsync(app.Services);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded {products} products ({skus} SKUs, {inStock} in stock) in {started.Elapsed.TotalSeconds:F0} s"));
