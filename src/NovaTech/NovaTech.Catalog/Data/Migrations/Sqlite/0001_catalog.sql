-- NovaTech.Catalog schema (Sqlite). Written from the EF model; SchemaAssert keeps it equal to the model.
CREATE TABLE "catalog_brands" (
    "id" TEXT NOT NULL CONSTRAINT "PK_catalog_brands" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "catalog_categories" (
    "id" TEXT NOT NULL CONSTRAINT "PK_catalog_categories" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "parent_id" TEXT NULL,
    "path" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "FK_catalog_categories_catalog_categories_parent_id" FOREIGN KEY ("parent_id") REFERENCES "catalog_categories" ("id") ON DELETE RESTRICT
);

CREATE TABLE "catalog_import_jobs" (
    "id" TEXT NOT NULL CONSTRAINT "PK_catalog_import_jobs" PRIMARY KEY,
    "merchant_id" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total_rows" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL,
    "succeeded" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "errors" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "completed_at" INTEGER NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL
);

CREATE TABLE "catalog_outbox_messages" (
    "id" TEXT NOT NULL CONSTRAINT "PK_catalog_outbox_messages" PRIMARY KEY,
    "message_type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "correlation_id" TEXT NULL,
    "dispatched_at" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL
);

CREATE TABLE "catalog_products" (
    "id" TEXT NOT NULL CONSTRAINT "PK_catalog_products" PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "brand_id" TEXT NOT NULL,
    "category_id" TEXT NOT NULL,
    "description_markdown" TEXT NOT NULL,
    "description_html" TEXT NOT NULL,
    "description_text" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "vat_rate_basis_points" INTEGER NOT NULL,
    "image_urls" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_catalog_products_catalog_brands_brand_id" FOREIGN KEY ("brand_id") REFERENCES "catalog_brands" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_catalog_products_catalog_categories_category_id" FOREIGN KEY ("category_id") REFERENCES "catalog_categories" ("id") ON DELETE RESTRICT
);

CREATE TABLE "catalog_product_specs" (
    "id" TEXT NOT NULL CONSTRAINT "PK_catalog_product_specs" PRIMARY KEY,
    "product_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text_value" TEXT NULL,
    "number_value" REAL NULL,
    "unit" TEXT NULL,
    "boolean_value" INTEGER NULL,
    "filterable" INTEGER NOT NULL,
    CONSTRAINT "FK_catalog_product_specs_catalog_products_product_id" FOREIGN KEY ("product_id") REFERENCES "catalog_products" ("id") ON DELETE CASCADE
);

CREATE TABLE "catalog_product_variants" (
    "id" TEXT NOT NULL CONSTRAINT "PK_catalog_product_variants" PRIMARY KEY,
    "product_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "price_pence" INTEGER NOT NULL,
    "attributes" TEXT NOT NULL,
    "weight_grams" INTEGER NOT NULL,
    "gtin" TEXT NULL,
    CONSTRAINT "FK_catalog_product_variants_catalog_products_product_id" FOREIGN KEY ("product_id") REFERENCES "catalog_products" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_catalog_brands_slug" ON "catalog_brands" ("slug");

CREATE INDEX "IX_catalog_categories_parent_id" ON "catalog_categories" ("parent_id");

CREATE INDEX "IX_catalog_categories_path" ON "catalog_categories" ("path");

CREATE UNIQUE INDEX "IX_catalog_categories_slug" ON "catalog_categories" ("slug");

CREATE INDEX "IX_catalog_import_jobs_status_locked_until" ON "catalog_import_jobs" ("status", "locked_until");

CREATE INDEX "IX_catalog_outbox_messages_dispatched_at" ON "catalog_outbox_messages" ("dispatched_at");

CREATE INDEX "IX_catalog_product_specs_product_id" ON "catalog_product_specs" ("product_id");

CREATE INDEX "IX_catalog_product_variants_product_id" ON "catalog_product_variants" ("product_id");

CREATE UNIQUE INDEX "IX_catalog_product_variants_sku" ON "catalog_product_variants" ("sku");

CREATE INDEX "IX_catalog_products_brand_id" ON "catalog_products" ("brand_id");

CREATE INDEX "IX_catalog_products_category_id" ON "catalog_products" ("category_id");

CREATE INDEX "IX_catalog_products_merchant_id_id" ON "catalog_products" ("merchant_id", "id");

CREATE UNIQUE INDEX "IX_catalog_products_slug" ON "catalog_products" ("slug");
