-- NovaTech.Search schema (Postgres). Written from the EF model; SchemaAssert keeps it equal to the model.
CREATE SCHEMA IF NOT EXISTS search;

CREATE TABLE search.attributes (
    doc_key bigint NOT NULL,
    name character varying(60) NOT NULL,
    value character varying(120) NOT NULL,
    CONSTRAINT "PK_attributes" PRIMARY KEY (doc_key, name, value)
);

CREATE TABLE search.categories (
    doc_key bigint NOT NULL,
    slug character varying(120) NOT NULL,
    CONSTRAINT "PK_categories" PRIMARY KEY (doc_key, slug)
);

CREATE TABLE search.documents (
    product_id uuid NOT NULL,
    doc_key bigint NOT NULL,
    version integer NOT NULL,
    slug character varying(120) NOT NULL,
    name character varying(200) NOT NULL,
    brand character varying(80) NOT NULL,
    brand_slug character varying(120) NOT NULL,
    category_slug character varying(120) NOT NULL,
    category_name character varying(80) NOT NULL,
    description text NOT NULL,
    spec_text text NOT NULL,
    status character varying(16) NOT NULL,
    active boolean NOT NULL,
    min_price_pence bigint NOT NULL,
    max_price_pence bigint NOT NULL,
    in_stock boolean NOT NULL,
    image_url character varying(500),
    created_at timestamp with time zone NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(brand, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(category_name, '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce(spec_text, '')), 'C') || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'D')) STORED,
    CONSTRAINT "PK_documents" PRIMARY KEY (product_id)
);

CREATE TABLE search.inbox_messages (
    message_id uuid NOT NULL,
    consumer character varying(300) NOT NULL,
    message_type character varying(300) NOT NULL,
    handled_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY (message_id, consumer)
);

CREATE TABLE search.skus (
    sku character varying(64) NOT NULL,
    doc_key bigint NOT NULL,
    price_pence bigint NOT NULL,
    CONSTRAINT "PK_skus" PRIMARY KEY (sku)
);

CREATE TABLE search.stock (
    sku character varying(64) NOT NULL,
    available integer NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_stock" PRIMARY KEY (sku)
);

CREATE INDEX "IX_attributes_name_value_doc_key" ON search.attributes (name, value, doc_key);

CREATE INDEX "IX_categories_slug_doc_key" ON search.categories (slug, doc_key);

CREATE INDEX "IX_documents_active_created_at_doc_key" ON search.documents (active, created_at, doc_key);

CREATE INDEX "IX_documents_active_min_price_pence_doc_key" ON search.documents (active, min_price_pence, doc_key);

CREATE INDEX "IX_documents_brand_slug_active" ON search.documents (brand_slug, active);

CREATE UNIQUE INDEX "IX_documents_doc_key" ON search.documents (doc_key);

CREATE INDEX "IX_documents_search_vector" ON search.documents USING GIN (search_vector);

CREATE INDEX "IX_skus_doc_key" ON search.skus (doc_key);
