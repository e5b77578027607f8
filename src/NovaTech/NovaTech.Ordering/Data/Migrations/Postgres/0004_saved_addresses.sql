-- Delivery addresses customers keep in their account.
CREATE TABLE ordering.saved_addresses (
    id uuid NOT NULL,
    customer_id uuid NOT NULL,
    name character varying(100) NOT NULL,
    line1 character varying(100) NOT NULL,
    line2 character varying(100),
    city character varying(60) NOT NULL,
    postcode character varying(12) NOT NULL,
    country character varying(2) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT "PK_saved_addresses" PRIMARY KEY (id)
);

CREATE INDEX "IX_saved_addresses_customer_id_created_at" ON ordering.saved_addresses (customer_id, created_at);
