CREATE SCHEMA IF NOT EXISTS payments;
CREATE TABLE payments.sandbox_events (
    id character varying(100) NOT NULL,
    type character varying(100) NOT NULL,
    object_id character varying(100) NOT NULL,
    payload text NOT NULL,
    target_url character varying(2048),
    status character varying(20) NOT NULL,
    attempts integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    locked_until timestamp with time zone,
    last_status_code integer,
    last_error character varying(1000),
    delivered_at timestamp with time zone,
    CONSTRAINT "PK_sandbox_events" PRIMARY KEY (id)
);
CREATE TABLE payments.sandbox_refunds (
    id character varying(100) NOT NULL,
    session_id character varying(100) NOT NULL,
    payment_intent_id character varying(100) NOT NULL,
    charge_id character varying(100) NOT NULL,
    amount bigint NOT NULL,
    currency character varying(3) NOT NULL,
    reason character varying(50),
    status character varying(20) NOT NULL,
    metadata_json text NOT NULL,
    idempotency_key character varying(255),
    request_hash character varying(64),
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_sandbox_refunds" PRIMARY KEY (id)
);
CREATE TABLE payments.sandbox_sessions (
    id character varying(100) NOT NULL,
    client_reference_id character varying(200),
    amount_total bigint NOT NULL,
    currency character varying(3) NOT NULL,
    description character varying(500) NOT NULL,
    line_items_json text NOT NULL,
    customer_email character varying(320),
    success_url character varying(2048) NOT NULL,
    cancel_url character varying(2048) NOT NULL,
    metadata_json text NOT NULL,
    status character varying(20) NOT NULL,
    payment_status character varying(20) NOT NULL,
    payment_intent_id character varying(100),
    charge_id character varying(100),
    amount_refunded bigint NOT NULL,
    form_token character varying(100) NOT NULL,
    idempotency_key character varying(255),
    request_hash character varying(64),
    webhook_url character varying(2048),
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone,
    version integer NOT NULL,
    CONSTRAINT "PK_sandbox_sessions" PRIMARY KEY (id)
);
CREATE TABLE payments.settings (
    key character varying(100) NOT NULL,
    value text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_settings" PRIMARY KEY (key)
);
CREATE INDEX "IX_sandbox_events_object_id" ON payments.sandbox_events (object_id);
CREATE INDEX "IX_sandbox_events_status_next_attempt_at" ON payments.sandbox_events (status, next_attempt_at);
CREATE UNIQUE INDEX "IX_sandbox_refunds_idempotency_key" ON payments.sandbox_refunds (idempotency_key);
CREATE INDEX "IX_sandbox_refunds_payment_intent_id" ON payments.sandbox_refunds (payment_intent_id);
CREATE UNIQUE INDEX "IX_sandbox_sessions_idempotency_key" ON payments.sandbox_sessions (idempotency_key);
CREATE UNIQUE INDEX "IX_sandbox_sessions_payment_intent_id" ON payments.sandbox_sessions (payment_intent_id);
