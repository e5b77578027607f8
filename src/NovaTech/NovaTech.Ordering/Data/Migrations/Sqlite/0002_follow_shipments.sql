-- Ordering follows fulfilment: inbox for its events, the fulfilment stage, parcels and the order's history.
ALTER TABLE "ordering_orders" ADD COLUMN "fulfilment_stage" TEXT NOT NULL DEFAULT 'None';

CREATE TABLE "ordering_inbox_messages" (
    "message_id" TEXT NOT NULL,
    "consumer" TEXT NOT NULL,
    "message_type" TEXT NOT NULL,
    "handled_at" INTEGER NOT NULL,
    CONSTRAINT "PK_ordering_inbox_messages" PRIMARY KEY ("message_id", "consumer")
);

CREATE TABLE "ordering_order_shipments" (
    "shipment_id" TEXT NOT NULL CONSTRAINT "PK_ordering_order_shipments" PRIMARY KEY,
    "order_id" TEXT NOT NULL,
    "carrier" TEXT NOT NULL,
    "tracking_number" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "dispatched_at" INTEGER NOT NULL,
    "status_at" INTEGER NOT NULL,
    CONSTRAINT "FK_ordering_order_shipments_ordering_orders_order_id" FOREIGN KEY ("order_id") REFERENCES "ordering_orders" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_ordering_order_shipments_order_id" ON "ordering_order_shipments" ("order_id");

CREATE TABLE "ordering_order_history" (
    "order_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "at" INTEGER NOT NULL,
    CONSTRAINT "PK_ordering_order_history" PRIMARY KEY ("order_id", "sequence"),
    CONSTRAINT "FK_ordering_order_history_ordering_orders_order_id" FOREIGN KEY ("order_id") REFERENCES "ordering_orders" ("id") ON DELETE CASCADE
);
