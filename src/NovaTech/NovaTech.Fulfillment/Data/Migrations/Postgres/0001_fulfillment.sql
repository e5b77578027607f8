-- Fulfilment: shipments with lines and carrier tracking events, per-order progress (the lock row), shipped quantities
-- (the over-shipping guard), settings (generated webhook secret), queued customer notices, outbox and inbox.
CREATE SCHEMA IF NOT EXISTS fulfillment;

CREATE TABLE fulfillment.inbox_messages (
    message_id uuid NOT NULL,
    consumer character varying(300) NOT NULL,
    message_type character varying(300) NOT NULL,
    handled_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY (message_id, consumer)
);

CREATE TABLE fulfillment.orders (
    order_number character varying(40) NOT NULL,
    fully_shipped boolean NOT NULL,
    lock_version bigint NOT NULL,
    CONSTRAINT "PK_orders" PRIMARY KEY (order_number)
);

CREATE TABLE fulfillment.outbox_messages (
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

CREATE TABLE fulfillment.settings (
    key character varying(100) NOT NULL,
    value character varying(500) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_settings" PRIMARY KEY (key)
);

CREATE TABLE fulfillment.shipments (
    id uuid NOT NULL,
    order_number character varying(40) NOT NULL,
    warehouse character varying(20) NOT NULL,
    carrier character varying(20) NOT NULL,
    tracking_number character varying(40) NOT NULL,
    status character varying(20) NOT NULL,
    status_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    ship_to_city character varying(100) NOT NULL,
    ship_to_country character varying(2) NOT NULL,
    recipient_email character varying(320) NOT NULL,
    ship_to_line1 character varying(200) NOT NULL,
    ship_to_line2 character varying(200),
    ship_to_name character varying(200) NOT NULL,
    recipient_phone character varying(20),
    ship_to_postcode character varying(20) NOT NULL,
    CONSTRAINT "PK_shipments" PRIMARY KEY (id)
);

CREATE TABLE fulfillment.shipped_quantities (
    order_number character varying(40) NOT NULL,
    line_id uuid NOT NULL,
    quantity integer NOT NULL,
    CONSTRAINT "PK_shipped_quantities" PRIMARY KEY (order_number, line_id)
);

CREATE TABLE fulfillment.shipment_lines (
    line_id uuid NOT NULL,
    shipment_id uuid NOT NULL,
    sku character varying(64) NOT NULL,
    name character varying(300) NOT NULL,
    quantity integer NOT NULL,
    CONSTRAINT "PK_shipment_lines" PRIMARY KEY (shipment_id, line_id),
    CONSTRAINT "FK_shipment_lines_shipments_shipment_id" FOREIGN KEY (shipment_id) REFERENCES fulfillment.shipments (id) ON DELETE CASCADE
);

CREATE TABLE fulfillment.tracking_events (
    id uuid NOT NULL,
    carrier_event_id character varying(100) NOT NULL,
    status character varying(20) NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    description character varying(500),
    received_at timestamp with time zone NOT NULL,
    applied boolean NOT NULL,
    shipment_id uuid NOT NULL,
    CONSTRAINT "PK_tracking_events" PRIMARY KEY (id),
    CONSTRAINT "FK_tracking_events_shipments_shipment_id" FOREIGN KEY (shipment_id) REFERENCES fulfillment.shipments (id) ON DELETE CASCADE
);

CREATE INDEX "IX_outbox_messages_dispatched_at" ON fulfillment.outbox_messages (dispatched_at);

CREATE UNIQUE INDEX "IX_shipments_carrier_tracking_number" ON fulfillment.shipments (carrier, tracking_number);

CREATE INDEX "IX_shipments_order_number" ON fulfillment.shipments (order_number);

CREATE UNIQUE INDEX "IX_tracking_events_shipment_id_carrier_event_id" ON fulfillment.tracking_events (shipment_id, carrier_event_id);


CREATE TABLE fulfillment.notices (
    id uuid NOT NULL,
    shipment_id uuid NOT NULL,
    kind character varying(20) NOT NULL,
    order_complete boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    due_at timestamp with time zone NOT NULL,
    attempts integer NOT NULL,
    sent_at timestamp with time zone,
    CONSTRAINT "PK_notices" PRIMARY KEY (id)
);

CREATE INDEX "IX_notices_sent_at_due_at" ON fulfillment.notices (sent_at, due_at);
