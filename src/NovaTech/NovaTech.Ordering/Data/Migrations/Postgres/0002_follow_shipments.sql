-- Ordering follows fulfilment: inbox for its events, the fulfilment stage, parcels and the order's history.
ALTER TABLE ordering.orders ADD fulfilment_stage character varying(20) NOT NULL DEFAULT 'None';
ALTER TABLE ordering.orders ALTER COLUMN fulfilment_stage DROP DEFAULT;

CREATE TABLE ordering.inbox_messages (
    message_id uuid NOT NULL,
    consumer character varying(300) NOT NULL,
    message_type character varying(300) NOT NULL,
    handled_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY (message_id, consumer)
);

CREATE TABLE ordering.order_shipments (
    shipment_id uuid NOT NULL,
    order_id uuid NOT NULL,
    carrier character varying(20) NOT NULL,
    tracking_number character varying(60) NOT NULL,
    units integer NOT NULL,
    status character varying(20) NOT NULL,
    dispatched_at timestamp with time zone NOT NULL,
    status_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_order_shipments" PRIMARY KEY (shipment_id),
    CONSTRAINT "FK_order_shipments_orders_order_id" FOREIGN KEY (order_id) REFERENCES ordering.orders (id) ON DELETE CASCADE
);

CREATE INDEX "IX_order_shipments_order_id" ON ordering.order_shipments (order_id);

CREATE TABLE ordering.order_history (
    order_id uuid NOT NULL,
    sequence integer NOT NULL,
    status character varying(20) NOT NULL,
    note character varying(300) NOT NULL,
    at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_order_history" PRIMARY KEY (order_id, sequence),
    CONSTRAINT "FK_order_history_orders_order_id" FOREIGN KEY (order_id) REFERENCES ordering.orders (id) ON DELETE CASCADE
);
