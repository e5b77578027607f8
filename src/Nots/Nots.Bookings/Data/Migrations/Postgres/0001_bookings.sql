-- Bookings module: bookings with their history (statutory private-hire record), payments, refunds,
-- webhook dedupe, manage-token hashes, owed customer messages, outbox.
CREATE SCHEMA IF NOT EXISTS bookings;

CREATE TABLE bookings.bookings (
    id uuid NOT NULL,
    reference character varying(16) NOT NULL,
    status character varying(30) NOT NULL,
    version integer NOT NULL,
    booked_at timestamp with time zone NOT NULL,
    channel character varying(20) NOT NULL,
    taken_by character varying(320),
    customer_id character varying(100),
    vehicle_class character varying(50) NOT NULL,
    quote_id uuid NOT NULL,
    tariff_version character varying(100) NOT NULL,
    journey_json text NOT NULL,
    pickup_name character varying(500) NOT NULL,
    dropoff_name character varying(500) NOT NULL,
    pickup_at timestamp with time zone NOT NULL,
    passengers integer NOT NULL,
    total_pence integer NOT NULL,
    currency character varying(3) NOT NULL,
    price_lines_json text NOT NULL,
    paid_pence integer NOT NULL,
    refunded_pence integer NOT NULL,
    cancellation_fee_pence integer NOT NULL,
    passenger_name character varying(200) NOT NULL,
    passenger_email character varying(320) NOT NULL,
    passenger_phone character varying(20) NOT NULL,
    notes character varying(1000),
    flight_number character varying(10),
    confirmed_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    completed_at timestamp with time zone,
    driver_name character varying(200),
    driver_badge character varying(50),
    vehicle_registration character varying(20),
    vehicle_plate character varying(50),
    dispatched_by character varying(320),
    allocated_at timestamp with time zone,
    pseudonymised_at timestamp with time zone,
    CONSTRAINT "PK_bookings" PRIMARY KEY (id)
);

CREATE TABLE bookings.manage_tokens (
    token_hash character varying(64) NOT NULL,
    booking_id uuid NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_manage_tokens" PRIMARY KEY (token_hash)
);

CREATE TABLE bookings.notifications (
    id uuid NOT NULL,
    booking_id uuid NOT NULL,
    kind character varying(30) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    locked_until timestamp with time zone,
    attempts integer NOT NULL,
    sent_at timestamp with time zone,
    last_error character varying(500),
    CONSTRAINT "PK_notifications" PRIMARY KEY (id)
);

CREATE TABLE bookings.outbox_messages (
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

CREATE TABLE bookings.payments (
    id uuid NOT NULL,
    booking_id uuid NOT NULL,
    booking_reference character varying(16) NOT NULL,
    purpose character varying(20) NOT NULL,
    amount_pence integer NOT NULL,
    currency character varying(3) NOT NULL,
    provider character varying(20) NOT NULL,
    session_id character varying(200),
    checkout_url character varying(2048),
    payment_intent_id character varying(200),
    status character varying(30) NOT NULL,
    failure_code character varying(100),
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone,
    paid_at timestamp with time zone,
    refunded_pence integer NOT NULL,
    provider_refunded_pence integer NOT NULL,
    version integer NOT NULL,
    CONSTRAINT "PK_payments" PRIMARY KEY (id)
);

CREATE TABLE bookings.refunds (
    id uuid NOT NULL,
    booking_id uuid NOT NULL,
    payment_id uuid NOT NULL,
    payment_intent_id character varying(200) NOT NULL,
    amount_pence integer NOT NULL,
    reason character varying(200) NOT NULL,
    status character varying(30) NOT NULL,
    provider_refund_id character varying(200),
    attempts integer NOT NULL,
    last_error character varying(500),
    created_at timestamp with time zone NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    locked_until timestamp with time zone,
    completed_at timestamp with time zone,
    CONSTRAINT "PK_refunds" PRIMARY KEY (id)
);

CREATE TABLE bookings.webhook_events (
    event_id character varying(200) NOT NULL,
    type character varying(100) NOT NULL,
    received_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_webhook_events" PRIMARY KEY (event_id)
);

CREATE TABLE bookings.booking_history (
    booking_id uuid NOT NULL,
    sequence integer NOT NULL,
    at timestamp with time zone NOT NULL,
    kind character varying(30) NOT NULL,
    from_status character varying(30),
    to_status character varying(30),
    detail character varying(500),
    amount_pence integer,
    CONSTRAINT "PK_booking_history" PRIMARY KEY (booking_id, sequence),
    CONSTRAINT "FK_booking_history_bookings_booking_id" FOREIGN KEY (booking_id) REFERENCES bookings.bookings (id) ON DELETE CASCADE
);

CREATE INDEX "IX_bookings_customer_id" ON bookings.bookings (customer_id);

CREATE INDEX "IX_bookings_pickup_at_reference" ON bookings.bookings (pickup_at, reference);

CREATE UNIQUE INDEX "IX_bookings_reference" ON bookings.bookings (reference);

CREATE INDEX "IX_bookings_status" ON bookings.bookings (status);

CREATE INDEX "IX_manage_tokens_booking_id" ON bookings.manage_tokens (booking_id);

CREATE INDEX "IX_notifications_sent_at_next_attempt_at" ON bookings.notifications (sent_at, next_attempt_at);

CREATE INDEX "IX_outbox_messages_dispatched_at" ON bookings.outbox_messages (dispatched_at);

CREATE INDEX "IX_payments_booking_id" ON bookings.payments (booking_id);

CREATE INDEX "IX_payments_payment_intent_id" ON bookings.payments (payment_intent_id);

CREATE UNIQUE INDEX "IX_payments_session_id" ON bookings.payments (session_id);

CREATE INDEX "IX_refunds_booking_id" ON bookings.refunds (booking_id);

CREATE INDEX "IX_refunds_status_next_attempt_at" ON bookings.refunds (status, next_attempt_at);

