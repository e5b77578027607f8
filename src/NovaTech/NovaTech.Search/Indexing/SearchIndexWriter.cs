using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NovaTech.Contracts.Catalog;
using NovaTech.Contracts.Inventory;
using NovaTech.Search.Data;
using NovaTech.Search.Features.Search;

namespace NovaTech.Search.Indexing;

/// <summary>
/// Applies catalog and stock events to the read model, idempotently and in any order: a product event older than
/// the stored version is ignored (the upsert's WHERE), a stock level older than the stored one likewise. Runs inside
/// the caller's transaction on the search context (the inbox transaction of a handler, or a bulk load's).
/// </summary>
internal sealed class SearchIndexWriter(SearchDbContext db) : IAsyncDisposable
{
    private readonly SearchSql _sql = new(db.Database.IsNpgsql());

    // One command per statement text, reused (and so prepared once) for every row this scope writes: a bulk load
    // applies thousands of events per scope.
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    // Facet value ids this scope has seen (ids never change once given), so a bulk load asks the database once per value.
    private readonly Dictionary<(int Kind, string Name, string Value), int> _facetIds = [];

    private DbConnection Connection => db.Database.GetDbConnection();

    private DbTransaction? Transaction => db.Database.CurrentTransaction?.GetDbTransaction();

    /// <summary>Indexes a product change; returns false when a newer version was already indexed.</summary>
    public async Task<bool> ApplyProductAsync(ProductChangedIntegrationEvent e, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var active = e.Status == "active";
        var documents = _sql.T("documents");
        var specText = string.Join(" ", e.Specs.Select(s => s.Name + " " + s.Value));
        var prices = e.Variants.Select(v => v.PricePence).DefaultIfEmpty(0).ToList();
        var upsert = $"""
            INSERT INTO {documents} (product_id, doc_key, version, slug, name, brand, brand_slug, category_slug, category_name, description,
                spec_text, status, active, min_price_pence, max_price_pence, in_stock, image_url, created_at, changed_at)
            VALUES (@id, (SELECT coalesce(max(doc_key), 0) + 1 FROM {documents}), @version, @slug, @name, @brand, @brandSlug, @categorySlug,
                @categoryName, @description, @specText, @status, @active, @minPrice, @maxPrice, @false, @image, @created, @changed)
            ON CONFLICT (product_id) DO UPDATE SET version = excluded.version, slug = excluded.slug, name = excluded.name,
                brand = excluded.brand, brand_slug = excluded.brand_slug, category_slug = excluded.category_slug,
                category_name = excluded.category_name, description = excluded.description, spec_text = excluded.spec_text,
                status = excluded.status, active = excluded.active, min_price_pence = excluded.min_price_pence,
                max_price_pence = excluded.max_price_pence, image_url = excluded.image_url, created_at = excluded.created_at,
                changed_at = excluded.changed_at
            WHERE {documents}.version < excluded.version
            """;
        {
            var command = Command(upsert,
            ("@id", _sql.Id(e.ProductId)), ("@version", e.Version), ("@slug", e.Slug), ("@name", e.Name), ("@brand", e.Brand),
            ("@brandSlug", e.BrandSlug), ("@categorySlug", e.CategorySlug), ("@categoryName", e.CategoryName),
            ("@description", e.DescriptionText), ("@specText", specText), ("@status", e.Status), ("@active", active),
            ("@minPrice", prices.Min()), ("@maxPrice", prices.Max()), ("@false", false), ("@image", e.ImageUrl),
            ("@created", _sql.Time(e.CreatedAt)), ("@changed", _sql.Time(e.OccurredAt)));
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        var docKey = Convert.ToInt64(
            await Command($"SELECT doc_key FROM {documents} WHERE product_id = @id", ("@id", _sql.Id(e.ProductId))).ExecuteScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);

        await ExecuteAsync($"DELETE FROM {_sql.T("attributes")} WHERE doc_key = @key", cancellationToken, ("@key", docKey));
        await ExecuteAsync($"DELETE FROM {_sql.T("categories")} WHERE doc_key = @key", cancellationToken, ("@key", docKey));
        await ExecuteAsync($"DELETE FROM {_sql.T("skus")} WHERE doc_key = @key", cancellationToken, ("@key", docKey));
        await ExecuteAsync($"DELETE FROM {_sql.T("doc_facets")} WHERE doc_key = @key", cancellationToken, ("@key", docKey));
        if (!_sql.Postgres)
        {
            await ExecuteAsync("DELETE FROM search_fts WHERE rowid = @key", cancellationToken, ("@key", docKey));
        }

        if (active)
        {
            foreach (var variant in e.Variants)
            {
                await ExecuteAsync($"""
                    INSERT INTO {_sql.T("skus")} (sku, doc_key, price_pence) VALUES (@sku, @key, @price)
                    ON CONFLICT (sku) DO UPDATE SET doc_key = excluded.doc_key, price_pence = excluded.price_pence
                    """, cancellationToken, ("@sku", variant.Sku), ("@key", docKey), ("@price", variant.PricePence));
            }

            foreach (var (name, value) in Attributes(e))
            {
                await ExecuteAsync($"INSERT INTO {_sql.T("attributes")} (doc_key, name, value) VALUES (@key, @name, @value) ON CONFLICT DO NOTHING",
                    cancellationToken, ("@key", docKey), ("@name", name), ("@value", value));
            }

            await WriteFacetsAsync(docKey, e.BrandSlug, e.Brand, e.CategorySlug, e.CategoryName, Attributes(e), true, cancellationToken);

            foreach (var slug in e.CategoryPath.Append(e.CategorySlug).Distinct(StringComparer.Ordinal))
            {
                await ExecuteAsync($"INSERT INTO {_sql.T("categories")} (doc_key, slug) VALUES (@key, @slug) ON CONFLICT DO NOTHING",
                    cancellationToken, ("@key", docKey), ("@slug", slug));
            }

            if (!_sql.Postgres)
            {
                await ExecuteAsync("INSERT INTO search_fts (rowid, name, brand, category, specs, description) VALUES (@key, @name, @brand, @category, @specs, @description)",
                    cancellationToken, ("@key", docKey), ("@name", e.Name), ("@brand", e.Brand), ("@category", e.CategoryName), ("@specs", specText), ("@description", e.DescriptionText));
            }
        }

        await RecomputeInStockAsync("doc_key = @key", cancellationToken, ("@key", docKey));
        return true;
    }

    /// <summary>Records a SKU's stock level and refreshes its product's in-stock flag; false when a newer level was seen.</summary>
    public async Task<bool> ApplyStockAsync(StockLevelChangedIntegrationEvent e, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var stock = _sql.T("stock");
        var changed = await ExecuteAsync($"""
            INSERT INTO {stock} (sku, available, occurred_at) VALUES (@sku, @available, @at)
            ON CONFLICT (sku) DO UPDATE SET available = excluded.available, occurred_at = excluded.occurred_at
            WHERE {stock}.occurred_at <= excluded.occurred_at
            """, cancellationToken, ("@sku", e.Sku), ("@available", Math.Max(0, e.Available)), ("@at", _sql.Time(e.OccurredAt)));
        if (changed == 0)
        {
            return false;
        }

        await RecomputeInStockAsync($"doc_key = (SELECT doc_key FROM {_sql.T("skus")} WHERE sku = @sku)", cancellationToken, ("@sku", e.Sku));
        return true;
    }

    /// <summary>
    /// Writes a document's facet ids (brand, category, attribute values) as one blob; with <paramref name="overwrite"/>
    /// false an existing row is kept (the backfill never replaces what a newer product change wrote).
    /// </summary>
    public async Task WriteFacetsAsync(long docKey, string brandSlug, string brand, string categorySlug, string categoryName,
        IEnumerable<(string Name, string Value)> attributes, bool overwrite, CancellationToken cancellationToken)
    {
        var ids = new List<int>
        {
            await FacetIdAsync(FacetValueCache.Brand, "", brandSlug, brand, cancellationToken),
            await FacetIdAsync(FacetValueCache.Category, "", categorySlug, categoryName, cancellationToken),
        };
        foreach (var (name, value) in attributes)
        {
            ids.Add(await FacetIdAsync(FacetValueCache.Attribute, name, value, value, cancellationToken));
        }

        await ExecuteAsync($"""
            INSERT INTO {_sql.T("doc_facets")} (doc_key, ids) VALUES (@key, @ids)
            ON CONFLICT (doc_key) DO {(overwrite ? "UPDATE SET ids = excluded.ids" : "NOTHING")}
            """, cancellationToken, ("@key", docKey), ("@ids", FacetValueCache.Encode(ids)));
    }

    /// <summary>
    /// Facet ids for active documents (doc_key after <paramref name="after"/>) that have none yet, one batch; returns the
    /// last doc_key looked at (null when there was nothing left) and how many rows were written.
    /// </summary>
    public async Task<(long? Last, int Written)> BackfillFacetsAsync(long after, int batch, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var documents = new List<(long Key, string BrandSlug, string Brand, string CategorySlug, string CategoryName, bool Missing)>();
        await using (var reader = await Command($"""
            SELECT d.doc_key, d.brand_slug, d.brand, d.category_slug, d.category_name,
                   NOT EXISTS (SELECT 1 FROM {_sql.T("doc_facets")} x WHERE x.doc_key = d.doc_key) AS missing
            FROM {_sql.T("documents")} d WHERE d.active AND d.doc_key > @after ORDER BY d.doc_key LIMIT @batch
            """, ("@after", after), ("@batch", batch)).ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetBoolean(5)));
            }
        }

        if (documents.Count == 0)
        {
            return (null, 0);
        }

        var missing = documents.Where(d => d.Missing).ToList();
        if (missing.Count > 0)
        {
            var attributes = new Dictionary<long, List<(string, string)>>();
            await using (var reader = await Command($"SELECT doc_key, name, value FROM {_sql.T("attributes")} WHERE doc_key >= @from AND doc_key <= @to",
                ("@from", missing[0].Key), ("@to", missing[^1].Key)).ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = reader.GetInt64(0);
                    (attributes.TryGetValue(key, out var list) ? list : attributes[key] = []).Add((reader.GetString(1), reader.GetString(2)));
                }
            }

            foreach (var d in missing)
            {
                await WriteFacetsAsync(d.Key, d.BrandSlug, d.Brand, d.CategorySlug, d.CategoryName, attributes.GetValueOrDefault(d.Key) ?? [], false, cancellationToken);
            }
        }

        return (documents[^1].Key, missing.Count);
    }

    private async Task<int> FacetIdAsync(int kind, string name, string value, string label, CancellationToken cancellationToken)
    {
        if (_facetIds.TryGetValue((kind, name, value), out var id))
        {
            return id;
        }

        var table = _sql.T("facet_values");
        await ExecuteAsync($"INSERT INTO {table} (kind, name, value, label) VALUES (@kind, @name, @value, @label) ON CONFLICT (kind, name, value) DO NOTHING",
            cancellationToken, ("@kind", kind), ("@name", name), ("@value", value), ("@label", label));
        id = Convert.ToInt32(await Command($"SELECT id FROM {table} WHERE kind = @kind AND name = @name AND value = @value",
            ("@kind", kind), ("@name", name), ("@value", value)).ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        _facetIds[(kind, name, value)] = id;
        return id;
    }

    /// <summary>The facet attributes of a product: variant attributes and filterable specs, names lower-cased.</summary>
    public static IEnumerable<(string Name, string Value)> Attributes(ProductChangedIntegrationEvent e) =>
        e.Variants.SelectMany(v => v.Attributes.Select(a => (Name: a.Key, a.Value)))
            .Concat(e.Specs.Where(s => s.Filterable).Select(s => (s.Name, s.Value)))
            .Select(a => (Name: Clip(a.Name.Trim().ToLowerInvariant(), 60), Value: Clip(a.Value.Trim(), 120)))
            .Where(a => a.Name.Length > 0 && a.Value.Length > 0)
            .Distinct();

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];

    private Task<int> RecomputeInStockAsync(string where, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        ExecuteAsync($"""
            UPDATE {_sql.T("documents")} SET in_stock = EXISTS (
                SELECT 1 FROM {_sql.T("skus")} k JOIN {_sql.T("stock")} s ON s.sku = k.sku
                WHERE k.doc_key = {_sql.T("documents")}.doc_key AND s.available > 0)
            WHERE {where}
            """, cancellationToken, parameters);

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        Command(sql, parameters).ExecuteNonQueryAsync(cancellationToken);

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command) || command.Connection != Connection)
        {
            command = SearchSql.Command(Connection, null, sql);
            _commands[sql] = command;
        }

        command.Transaction = Transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            SearchSql.Add(command, name, value);
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
    }
}
