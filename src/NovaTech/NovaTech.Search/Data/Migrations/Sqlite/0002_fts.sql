-- Full-text index of the search documents (SQLite FTS5). rowid = search_documents.doc_key.
-- Kept out of the EF model (EF cannot map virtual tables); the schema test compares the model with 0001 only and
-- checks this table separately. Columns are weighted by bm25() at query time: name 10, brand 6, category 3, specs 2,
-- description 1. Porter stemming ("tvs" finds "tv"), diacritics folded, prefix indexes for type-ahead.
CREATE VIRTUAL TABLE search_fts USING fts5(
    name, brand, category, specs, description,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
