-- Compact facet ids: one blob of int32 value ids per active document, counted in memory by broad searches.
-- Documents indexed before this script get theirs from the FacetBackfill worker.
CREATE TABLE "search_facet_values" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_search_facet_values" PRIMARY KEY AUTOINCREMENT,
    "kind" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "label" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_search_facet_values_kind_name_value" ON "search_facet_values" ("kind", "name", "value");

CREATE TABLE "search_doc_facets" (
    "doc_key" INTEGER NOT NULL CONSTRAINT "PK_search_doc_facets" PRIMARY KEY,
    "ids" BLOB NOT NULL
);
