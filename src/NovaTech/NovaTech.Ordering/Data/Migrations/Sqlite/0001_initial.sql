-- Ordering module, initial schema (SQLite: table prefix ordering_, instants as UTC ticks).
CREATE TABLE "ordering_carts" (
    "id" TEXT NOT NULL CONSTRAINT "PK_ordering_carts" PRIMARY KEY,
    "customer_id" TEXT NULL,
    "status" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE TABLE "ordering_orders" (
    "id" TEXT NOT NULL CONSTRAINT "PK_ordering_orders" PRIMARY KEY,
    "number" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "customer_id" TEXT NULL,
    "cart_id" TEXT NOT NULL,
    "guest_token_hash" TEXT NOT NULL,
    "ship_name" TEXT NOT NULL,
    "ship_line1" TEXT NOT NULL,
    "ship_line2" TEXT NULL,
    "ship_city" TEXT NOT NULL,
    "ship_postcode" TEXT NOT NULL,
    "ship_country" TEXT NOT NULL,
    "shipping_method" TEXT NOT NULL,
    "shipping_pence" INTEGER NOT NULL,
    "subtotal_pence" INTEGER NOT NULL,
    "total_pence" INTEGER NOT NULL,
    "vat_pence" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "earliest_delivery" TEXT NOT NULL,
    "latest_delivery" TEXT NOT NULL,
    "reservation_id" TEXT NOT NULL,
    "payment_session_id" TEXT NULL,
    "checkout_url" TEXT NULL,
    "payment_intent_id" TEXT NULL,
    "payment_failure_code" TEXT NULL,
    "refunded_pence" INTEGER NOT NULL,
    "shipping_refunded" INTEGER NOT NULL,
    "cancellation_reason" TEXT NULL,
    "placed_at" INTEGER NOT NULL,
    "paid_at" INTEGER NULL,
    "cancelled_at" INTEGER NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE TABLE "ordering_outbox_messages" (
    "id" TEXT NOT NULL CONSTRAINT "PK_ordering_outbox_messages" PRIMARY KEY,
    "message_type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "correlation_id" TEXT NULL,
    "dispatched_at" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL
);

CREATE TABLE "ordering_processed_webhooks" (
    "event_id" TEXT NOT NULL CONSTRAINT "PK_ordering_processed_webhooks" PRIMARY KEY,
    "type" TEXT NOT NULL,
    "order_number" TEXT NULL,
    "processed_at" INTEGER NOT NULL
);

CREATE TABLE "ordering_cart_items" (
    "cart_id" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price_pence" INTEGER NOT NULL,
    "added_at" INTEGER NOT NULL,
    CONSTRAINT "PK_ordering_cart_items" PRIMARY KEY ("cart_id", "sku"),
    CONSTRAINT "FK_ordering_cart_items_ordering_carts_cart_id" FOREIGN KEY ("cart_id") REFERENCES "ordering_carts" ("id") ON DELETE CASCADE
);

CREATE TABLE "ordering_order_lines" (
    "order_id" TEXT NOT NULL,
    "line_number" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "product_name" TEXT NOT NULL,
    "variant_name" TEXT NOT NULL,
    "unit_price_pence" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "vat_rate_basis_points" INTEGER NOT NULL,
    "line_total_pence" INTEGER NOT NULL,
    "vat_pence" INTEGER NOT NULL,
    "weight_grams" INTEGER NOT NULL,
    "refunded_quantity" INTEGER NOT NULL,
    "returned_quantity" INTEGER NOT NULL,
    CONSTRAINT "PK_ordering_order_lines" PRIMARY KEY ("order_id", "line_number"),
    CONSTRAINT "FK_ordering_order_lines_ordering_orders_order_id" FOREIGN KEY ("order_id") REFERENCES "ordering_orders" ("id") ON DELETE CASCADE
);

CREATE TABLE "ordering_refunds" (
    "id" TEXT NOT NULL CONSTRAINT "PK_ordering_refunds" PRIMARY KEY,
    "order_id" TEXT NOT NULL,
    "amount_pence" INTEGER NOT NULL,
    "includes_shipping" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "provider_refund_id" TEXT NULL,
    "error" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "completed_at" INTEGER NULL,
    CONSTRAINT "FK_ordering_refunds_ordering_orders_order_id" FOREIGN KEY ("order_id") REFERENCES "ordering_orders" ("id") ON DELETE CASCADE
);

CREATE TABLE "ordering_refund_lines" (
    "refund_id" TEXT NOT NULL,
    "line_number" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "returned" INTEGER NOT NULL,
    CONSTRAINT "PK_ordering_refund_lines" PRIMARY KEY ("refund_id", "line_number"),
    CONSTRAINT "FK_ordering_refund_lines_ordering_refunds_refund_id" FOREIGN KEY ("refund_id") REFERENCES "ordering_refunds" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_ordering_carts_customer_id_status" ON "ordering_carts" ("customer_id", "status");

CREATE INDEX "IX_ordering_orders_customer_id_placed_at" ON "ordering_orders" ("customer_id", "placed_at");

CREATE UNIQUE INDEX "IX_ordering_orders_number" ON "ordering_orders" ("number");

CREATE INDEX "IX_ordering_outbox_messages_dispatched_at" ON "ordering_outbox_messages" ("dispatched_at");

CREATE INDEX "IX_ordering_refunds_order_id" ON "ordering_refunds" ("order_id");

