-- Covering index for broad searches: filter, sort and facet columns without reading the wide document rows.
CREATE INDEX "IX_documents_covering" ON search.documents (doc_key, active, in_stock, min_price_pence, created_at, brand_slug, brand, category_slug, category_name);
