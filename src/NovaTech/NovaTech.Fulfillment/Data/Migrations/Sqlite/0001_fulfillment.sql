-- Fulfilment: shipments with lines and carrier tracking events, per-order progress (the lock row), shipped quantities
-- (the over-shipping guard), settings (generated webhook secret), queued customer notices, outbox and inbox.

CREATE TABLE "fulfillment_inbox_messages" (
    "message_id" TEXT NOT NULL,
    "consumer" TEXT NOT NULL,
    "message_type" TEXT NOT NULL,
    "handled_at" INTEGER NOT NULL,
    CONSTRAINT "PK_fulfillment_inbox_messages" PRIMARY KEY ("message_id", "consumer")
);

CREATE TABLE "fulfillment_orders" (
    "order_number" TEXT NOT NULL CONSTRAINT "PK_fulfillment_orders" PRIMARY KEY,
    "fully_shipped" INTEGER NOT NULL,
    "lock_version" INTEGER NOT NULL
);

CREATE TABLE "fulfillment_outbox_messages" (
    "id" TEXT NOT NULL CONSTRAINT "PK_fulfillment_outbox_messages" PRIMARY KEY,
    "message_type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "correlation_id" TEXT NULL,
    "dispatched_at" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL
);

CREATE TABLE "fulfillment_settings" (
    "key" TEXT NOT NULL CONSTRAINT "PK_fulfillment_settings" PRIMARY KEY,
    "value" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "fulfillment_shipments" (
    "id" TEXT NOT NULL CONSTRAINT "PK_fulfillment_shipments" PRIMARY KEY,
    "order_number" TEXT NOT NULL,
    "warehouse" TEXT NOT NULL,
    "carrier" TEXT NOT NULL,
    "tracking_number" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "status_at" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "ship_to_city" TEXT NOT NULL,
    "ship_to_country" TEXT NOT NULL,
    "recipient_email" TEXT NOT NULL,
    "ship_to_line1" TEXT NOT NULL,
    "ship_to_line2" TEXT NULL,
    "ship_to_name" TEXT NOT NULL,
    "recipient_phone" TEXT NULL,
    "ship_to_postcode" TEXT NOT NULL
);

CREATE TABLE "fulfillment_shipped_quantities" (
    "order_number" TEXT NOT NULL,
    "line_id" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    CONSTRAINT "PK_fulfillment_shipped_quantities" PRIMARY KEY ("order_number", "line_id")
);

CREATE TABLE "fulfillment_shipment_lines" (
    "line_id" TEXT NOT NULL,
    "shipment_id" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    CONSTRAINT "PK_fulfillment_shipment_lines" PRIMARY KEY ("shipment_id", "line_id"),
    CONSTRAINT "FK_fulfillment_shipment_lines_fulfillment_shipments_shipment_id" FOREIGN KEY ("shipment_id") REFERENCES "fulfillment_shipments" ("id") ON DELETE CASCADE
);

CREATE TABLE "fulfillment_tracking_events" (
    "id" TEXT NOT NULL CONSTRAINT "PK_fulfillment_tracking_events" PRIMARY KEY,
    "carrier_event_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "description" TEXT NULL,
    "received_at" INTEGER NOT NULL,
    "applied" INTEGER NOT NULL,
    "shipment_id" TEXT NOT NULL,
    CONSTRAINT "FK_fulfillment_tracking_events_fulfillment_shipments_shipment_id" FOREIGN KEY ("shipment_id") REFERENCES "fulfillment_shipments" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_fulfillment_outbox_messages_dispatched_at" ON "fulfillment_outbox_messages" ("dispatched_at");

CREATE UNIQUE INDEX "IX_fulfillment_shipments_carrier_tracking_number" ON "fulfillment_shipments" ("carrier", "tracking_number");

CREATE INDEX "IX_fulfillment_shipments_order_number" ON "fulfillment_shipments" ("order_number");

CREATE UNIQUE INDEX "IX_fulfillment_tracking_events_shipment_id_carrier_event_id" ON "fulfillment_tracking_events" ("shipment_id", "carrier_event_id");


CREATE TABLE "fulfillment_notices" (
    "id" TEXT NOT NULL CONSTRAINT "PK_fulfillment_notices" PRIMARY KEY,
    "shipment_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "order_complete" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "due_at" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "sent_at" INTEGER NULL
);

CREATE INDEX "IX_fulfillment_notices_sent_at_due_at" ON "fulfillment_notices" ("sent_at", "due_at");
