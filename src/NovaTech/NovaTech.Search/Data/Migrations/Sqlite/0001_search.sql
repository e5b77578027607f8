-- NovaTech.Search schema (Sqlite). Written from the EF model; SchemaAssert keeps it equal to the model.
CREATE TABLE "search_attributes" (
    "doc_key" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    CONSTRAINT "PK_search_attributes" PRIMARY KEY ("doc_key", "name", "value")
);

CREATE TABLE "search_categories" (
    "doc_key" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    CONSTRAINT "PK_search_categories" PRIMARY KEY ("doc_key", "slug")
);

CREATE TABLE "search_documents" (
    "product_id" TEXT NOT NULL CONSTRAINT "PK_search_documents" PRIMARY KEY,
    "doc_key" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "brand" TEXT NOT NULL,
    "brand_slug" TEXT NOT NULL,
    "category_slug" TEXT NOT NULL,
    "category_name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "spec_text" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "active" INTEGER NOT NULL,
    "min_price_pence" INTEGER NOT NULL,
    "max_price_pence" INTEGER NOT NULL,
    "in_stock" INTEGER NOT NULL,
    "image_url" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "changed_at" INTEGER NOT NULL
);

CREATE TABLE "search_inbox_messages" (
    "message_id" TEXT NOT NULL,
    "consumer" TEXT NOT NULL,
    "message_type" TEXT NOT NULL,
    "handled_at" INTEGER NOT NULL,
    CONSTRAINT "PK_search_inbox_messages" PRIMARY KEY ("message_id", "consumer")
);

CREATE TABLE "search_skus" (
    "sku" TEXT NOT NULL CONSTRAINT "PK_search_skus" PRIMARY KEY,
    "doc_key" INTEGER NOT NULL,
    "price_pence" INTEGER NOT NULL
);

CREATE TABLE "search_stock" (
    "sku" TEXT NOT NULL CONSTRAINT "PK_search_stock" PRIMARY KEY,
    "available" INTEGER NOT NULL,
    "occurred_at" INTEGER NOT NULL
);

CREATE INDEX "IX_search_attributes_name_value_doc_key" ON "search_attributes" ("name", "value", "doc_key");

CREATE INDEX "IX_search_categories_slug_doc_key" ON "search_categories" ("slug", "doc_key");

CREATE INDEX "IX_search_documents_active_created_at_doc_key" ON "search_documents" ("active", "created_at", "doc_key");

CREATE INDEX "IX_search_documents_active_min_price_pence_doc_key" ON "search_documents" ("active", "min_price_pence", "doc_key");

CREATE INDEX "IX_search_documents_brand_slug_active" ON "search_documents" ("brand_slug", "active");

CREATE UNIQUE INDEX "IX_search_documents_doc_key" ON "search_documents" ("doc_key");

CREATE INDEX "IX_search_skus_doc_key" ON "search_skus" ("doc_key");
