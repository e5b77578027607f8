-- Inventory module, initial schema (PostgreSQL schema inventory).
CREATE SCHEMA IF NOT EXISTS inventory;
CREATE TABLE inventory.outbox_messages (
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

CREATE TABLE inventory.reservations (
    id uuid NOT NULL,
    reference character varying(40) NOT NULL,
    status character varying(20) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    closed_at timestamp with time zone,
    CONSTRAINT "PK_reservations" PRIMARY KEY (id)
);

CREATE TABLE inventory.stock_levels (
    sku character varying(64) NOT NULL,
    warehouse_code character varying(16) NOT NULL,
    on_hand integer NOT NULL,
    reserved integer NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT "PK_stock_levels" PRIMARY KEY (sku, warehouse_code),
    CONSTRAINT "CK_stock_levels_on_hand" CHECK (on_hand >= 0),
    CONSTRAINT "CK_stock_levels_reserved" CHECK (reserved >= 0 AND reserved <= on_hand)
);

CREATE TABLE inventory.stock_movements (
    id uuid NOT NULL,
    sku character varying(64) NOT NULL,
    warehouse_code character varying(16) NOT NULL,
    delta integer NOT NULL,
    on_hand_after integer NOT NULL,
    reason character varying(20) NOT NULL,
    reference character varying(100),
    idempotency_key character varying(100),
    actor character varying(100),
    occurred_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_stock_movements" PRIMARY KEY (id)
);

CREATE TABLE inventory.warehouses (
    code character varying(16) NOT NULL,
    name character varying(100) NOT NULL,
    country character varying(2) NOT NULL,
    address character varying(500),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_warehouses" PRIMARY KEY (code)
);

CREATE TABLE inventory.reservation_lines (
    reservation_id uuid NOT NULL,
    sku character varying(64) NOT NULL,
    warehouse_code character varying(16) NOT NULL,
    quantity integer NOT NULL,
    returned_quantity integer NOT NULL,
    CONSTRAINT "PK_reservation_lines" PRIMARY KEY (reservation_id, sku, warehouse_code),
    CONSTRAINT "FK_reservation_lines_reservations_reservation_id" FOREIGN KEY (reservation_id) REFERENCES inventory.reservations (id) ON DELETE CASCADE
);

CREATE INDEX "IX_outbox_messages_dispatched_at" ON inventory.outbox_messages (dispatched_at);

CREATE INDEX "IX_reservations_status_expires_at" ON inventory.reservations (status, expires_at);

CREATE INDEX "IX_stock_levels_warehouse_code" ON inventory.stock_levels (warehouse_code);

CREATE UNIQUE INDEX "IX_stock_movements_idempotency_key" ON inventory.stock_movements (idempotency_key);

CREATE INDEX "IX_stock_movements_sku_occurred_at" ON inventory.stock_movements (sku, occurred_at);
