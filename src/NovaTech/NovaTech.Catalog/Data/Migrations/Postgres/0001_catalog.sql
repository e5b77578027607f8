-- NovaTech.Catalog schema (Postgres). Written from the EF model; SchemaAssert keeps it equal to the model.
CREATE SCHEMA IF NOT EXISTS catalog;

CREATE TABLE catalog.brands (
    id uuid NOT NULL,
    name character varying(80) NOT NULL,
    slug character varying(120) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_brands" PRIMARY KEY (id)
);

CREATE TABLE catalog.categories (
    id uuid NOT NULL,
    name character varying(80) NOT NULL,
    slug character varying(120) NOT NULL,
    parent_id uuid,
    path character varying(800) NOT NULL,
    depth integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_categories" PRIMARY KEY (id),
    CONSTRAINT "FK_categories_categories_parent_id" FOREIGN KEY (parent_id) REFERENCES catalog.categories (id) ON DELETE RESTRICT
);

CREATE TABLE catalog.import_jobs (
    id uuid NOT NULL,
    merchant_id uuid NOT NULL,
    file_name character varying(200) NOT NULL,
    content text NOT NULL,
    status character varying(16) NOT NULL,
    total_rows integer NOT NULL,
    processed integer NOT NULL,
    succeeded integer NOT NULL,
    failed integer NOT NULL,
    errors text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone,
    locked_until timestamp with time zone,
    locked_by character varying(200),
    CONSTRAINT "PK_import_jobs" PRIMARY KEY (id)
);

CREATE TABLE catalog.outbox_messages (
    id uuid NOT NULL,
    message_type character varying(300) NOT NULL,
    payload text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    correlation_id character varying(100),
    dispatched_at timestamp with time zone,
    attempts integer NOT NULL,
    locked_until timestamp with time zone,
    locked_by character varying(200),
    CONSTRAINT "PK_outbox_messages" PRIMARY KEY (id)
);

CREATE TABLE catalog.products (
    id uuid NOT NULL,
    slug character varying(120) NOT NULL,
    name character varying(200) NOT NULL,
    brand_id uuid NOT NULL,
    category_id uuid NOT NULL,
    description_markdown text NOT NULL,
    description_html text NOT NULL,
    description_text text NOT NULL,
    status character varying(16) NOT NULL,
    merchant_id uuid NOT NULL,
    vat_rate_basis_points integer NOT NULL,
    image_urls text NOT NULL,
    version integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_products" PRIMARY KEY (id),
    CONSTRAINT "FK_products_brands_brand_id" FOREIGN KEY (brand_id) REFERENCES catalog.brands (id) ON DELETE RESTRICT,
    CONSTRAINT "FK_products_categories_category_id" FOREIGN KEY (category_id) REFERENCES catalog.categories (id) ON DELETE RESTRICT
);

CREATE TABLE catalog.product_specs (
    id uuid NOT NULL,
    product_id uuid NOT NULL,
    position integer NOT NULL,
    name character varying(60) NOT NULL,
    kind character varying(16) NOT NULL,
    text_value character varying(500),
    number_value double precision,
    unit character varying(20),
    boolean_value boolean,
    filterable boolean NOT NULL,
    CONSTRAINT "PK_product_specs" PRIMARY KEY (id),
    CONSTRAINT "FK_product_specs_products_product_id" FOREIGN KEY (product_id) REFERENCES catalog.products (id) ON DELETE CASCADE
);

CREATE TABLE catalog.product_variants (
    id uuid NOT NULL,
    product_id uuid NOT NULL,
    position integer NOT NULL,
    sku character varying(64) NOT NULL,
    name character varying(120) NOT NULL,
    price_pence bigint NOT NULL,
    attributes text NOT NULL,
    weight_grams integer NOT NULL,
    gtin character varying(14),
    CONSTRAINT "PK_product_variants" PRIMARY KEY (id),
    CONSTRAINT "FK_product_variants_products_product_id" FOREIGN KEY (product_id) REFERENCES catalog.products (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_brands_slug" ON catalog.brands (slug);

CREATE INDEX "IX_categories_parent_id" ON catalog.categories (parent_id);

CREATE INDEX "IX_categories_path" ON catalog.categories (path);

CREATE UNIQUE INDEX "IX_categories_slug" ON catalog.categories (slug);

CREATE INDEX "IX_import_jobs_status_locked_until" ON catalog.import_jobs (status, locked_until);

CREATE INDEX "IX_outbox_messages_dispatched_at" ON catalog.outbox_messages (dispatched_at);

CREATE INDEX "IX_product_specs_product_id" ON catalog.product_specs (product_id);

CREATE INDEX "IX_product_variants_product_id" ON catalog.product_variants (product_id);

CREATE UNIQUE INDEX "IX_product_variants_sku" ON catalog.product_variants (sku);

CREATE INDEX "IX_products_brand_id" ON catalog.products (brand_id);

CREATE INDEX "IX_products_category_id" ON catalog.products (category_id);

CREATE INDEX "IX_products_merchant_id_id" ON catalog.products (merchant_id, id);

CREATE UNIQUE INDEX "IX_products_slug" ON catalog.products (slug);
