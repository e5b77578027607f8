-- Inventory module, initial schema (SQLite: table prefix inventory_, instants as UTC ticks).
CREATE TABLE "inventory_outbox_messages" (
    "id" TEXT NOT NULL CONSTRAINT "PK_inventory_outbox_messages" PRIMARY KEY,
    "message_type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "correlation_id" TEXT NULL,
    "dispatched_at" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL
);

CREATE TABLE "inventory_reservations" (
    "id" TEXT NOT NULL CONSTRAINT "PK_inventory_reservations" PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "closed_at" INTEGER NULL
);

CREATE TABLE "inventory_stock_levels" (
    "sku" TEXT NOT NULL,
    "warehouse_code" TEXT NOT NULL,
    "on_hand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "PK_inventory_stock_levels" PRIMARY KEY ("sku", "warehouse_code"),
    CONSTRAINT "CK_stock_levels_on_hand" CHECK (on_hand >= 0),
    CONSTRAINT "CK_stock_levels_reserved" CHECK (reserved >= 0 AND reserved <= on_hand)
);

CREATE TABLE "inventory_stock_movements" (
    "id" TEXT NOT NULL CONSTRAINT "PK_inventory_stock_movements" PRIMARY KEY,
    "sku" TEXT NOT NULL,
    "warehouse_code" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,
    "on_hand_after" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "reference" TEXT NULL,
    "idempotency_key" TEXT NULL,
    "actor" TEXT NULL,
    "occurred_at" INTEGER NOT NULL
);

CREATE TABLE "inventory_warehouses" (
    "code" TEXT NOT NULL CONSTRAINT "PK_inventory_warehouses" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "address" TEXT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "inventory_reservation_lines" (
    "reservation_id" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "warehouse_code" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "returned_quantity" INTEGER NOT NULL,
    CONSTRAINT "PK_inventory_reservation_lines" PRIMARY KEY ("reservation_id", "sku", "warehouse_code"),
    CONSTRAINT "FK_inventory_reservation_lines_inventory_reservations_reservation_id" FOREIGN KEY ("reservation_id") REFERENCES "inventory_reservations" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_inventory_outbox_messages_dispatched_at" ON "inventory_outbox_messages" ("dispatched_at");

CREATE INDEX "IX_inventory_reservations_status_expires_at" ON "inventory_reservations" ("status", "expires_at");

CREATE INDEX "IX_inventory_stock_levels_warehouse_code" ON "inventory_stock_levels" ("warehouse_code");

CREATE UNIQUE INDEX "IX_inventory_stock_movements_idempotency_key" ON "inventory_stock_movements" ("idempotency_key");

CREATE INDEX "IX_inventory_stock_movements_sku_occurred_at" ON "inventory_stock_movements" ("sku", "occurred_at");

