-- The reporting read model: one row per confirmed booking, maintained from integration events.
CREATE SCHEMA IF NOT EXISTS reporting;
CREATE TABLE reporting.booking_facts (
    booking_id uuid NOT NULL,
    reference character varying(20) NOT NULL,
    channel character varying(20) NOT NULL,
    vehicle_class character varying(40) NOT NULL,
    pickup_name character varying(300) NOT NULL,
    dropoff_name character varying(300) NOT NULL,
    passengers integer NOT NULL,
    flight_number character varying(10) NULL,
    total_pence integer NOT NULL,
    currency character varying(3) NOT NULL,
    confirmed_at timestamp with time zone NOT NULL,
    pickup_at timestamp with time zone NOT NULL,
    status character varying(20) NOT NULL,
    changed_at timestamp with time zone NULL,
    cancelled_at timestamp with time zone NULL,
    cancellation_fee_pence integer NOT NULL,
    refund_pence integer NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_booking_facts" PRIMARY KEY (booking_id));
CREATE UNIQUE INDEX "IX_booking_facts_reference" ON reporting.booking_facts (reference);
CREATE INDEX "IX_booking_facts_confirmed_at" ON reporting.booking_facts (confirmed_at);
CREATE INDEX "IX_booking_facts_pickup_at" ON reporting.booking_facts (pickup_at);
CREATE TABLE reporting.inbox_messages (
    message_id uuid NOT NULL, consumer character varying(300) NOT NULL,
    message_type character varying(300) NOT NULL, handled_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY (message_id, consumer));
