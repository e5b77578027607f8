-- Ordering module, initial schema (PostgreSQL schema ordering).
CREATE SCHEMA IF NOT EXISTS ordering;
CREATE TABLE ordering.carts (
    id uuid NOT NULL,
    customer_id uuid,
    status character varying(20) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT "PK_carts" PRIMARY KEY (id)
);

CREATE TABLE ordering.orders (
    id uuid NOT NULL,
    number character varying(20) NOT NULL,
    status character varying(20) NOT NULL,
    email character varying(254) NOT NULL,
    customer_id uuid,
    cart_id uuid NOT NULL,
    guest_token_hash character varying(64) NOT NULL,
    ship_name character varying(100) NOT NULL,
    ship_line1 character varying(100) NOT NULL,
    ship_line2 character varying(100),
    ship_city character varying(60) NOT NULL,
    ship_postcode character varying(12) NOT NULL,
    ship_country character varying(2) NOT NULL,
    shipping_method character varying(20) NOT NULL,
    shipping_pence bigint NOT NULL,
    subtotal_pence bigint NOT NULL,
    total_pence bigint NOT NULL,
    vat_pence bigint NOT NULL,
    currency character varying(3) NOT NULL,
    earliest_delivery date NOT NULL,
    latest_delivery date NOT NULL,
    reservation_id uuid NOT NULL,
    payment_session_id character varying(100),
    checkout_url character varying(500),
    payment_intent_id character varying(100),
    payment_failure_code character varying(100),
    refunded_pence bigint NOT NULL,
    shipping_refunded boolean NOT NULL,
    cancellation_reason character varying(40),
    placed_at timestamp with time zone NOT NULL,
    paid_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT "PK_orders" PRIMARY KEY (id)
);

CREATE TABLE ordering.outbox_messages (
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

CREATE TABLE ordering.processed_webhooks (
    event_id character varying(100) NOT NULL,
    type character varying(100) NOT NULL,
    order_number character varying(20),
    processed_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_processed_webhooks" PRIMARY KEY (event_id)
);

CREATE TABLE ordering.cart_items (
    cart_id uuid NOT NULL,
    sku character varying(64) NOT NULL,
    quantity integer NOT NULL,
    unit_price_pence bigint NOT NULL,
    added_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_cart_items" PRIMARY KEY (cart_id, sku),
    CONSTRAINT "FK_cart_items_carts_cart_id" FOREIGN KEY (cart_id) REFERENCES ordering.carts (id) ON DELETE CASCADE
);

CREATE TABLE ordering.order_lines (
    order_id uuid NOT NULL,
    line_number integer NOT NULL,
    sku character varying(64) NOT NULL,
    product_name character varying(200) NOT NULL,
    variant_name character varying(200) NOT NULL,
    unit_price_pence bigint NOT NULL,
    quantity integer NOT NULL,
    vat_rate_basis_points integer NOT NULL,
    line_total_pence bigint NOT NULL,
    vat_pence bigint NOT NULL,
    weight_grams integer NOT NULL,
    refunded_quantity integer NOT NULL,
    returned_quantity integer NOT NULL,
    CONSTRAINT "PK_order_lines" PRIMARY KEY (order_id, line_number),
    CONSTRAINT "FK_order_lines_orders_order_id" FOREIGN KEY (order_id) REFERENCES ordering.orders (id) ON DELETE CASCADE
);

CREATE TABLE ordering.refunds (
    id uuid NOT NULL,
    order_id uuid NOT NULL,
    amount_pence bigint NOT NULL,
    includes_shipping boolean NOT NULL,
    reason character varying(40) NOT NULL,
    status character varying(20) NOT NULL,
    provider_refund_id character varying(100),
    error character varying(500),
    created_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone,
    CONSTRAINT "PK_refunds" PRIMARY KEY (id),
    CONSTRAINT "FK_refunds_orders_order_id" FOREIGN KEY (order_id) REFERENCES ordering.orders (id) ON DELETE CASCADE
);

CREATE TABLE ordering.refund_lines (
    refund_id uuid NOT NULL,
    line_number integer NOT NULL,
    quantity integer NOT NULL,
    returned boolean NOT NULL,
    CONSTRAINT "PK_refund_lines" PRIMARY KEY (refund_id, line_number),
    CONSTRAINT "FK_refund_lines_refunds_refund_id" FOREIGN KEY (refund_id) REFERENCES ordering.refunds (id) ON DELETE CASCADE
);

CREATE INDEX "IX_carts_customer_id_status" ON ordering.carts (customer_id, status);

CREATE INDEX "IX_orders_customer_id_placed_at" ON ordering.orders (customer_id, placed_at);

CREATE UNIQUE INDEX "IX_orders_number" ON ordering.orders (number);

CREATE INDEX "IX_outbox_messages_dispatched_at" ON ordering.outbox_messages (dispatched_at);

CREATE INDEX "IX_refunds_order_id" ON ordering.refunds (order_id);
