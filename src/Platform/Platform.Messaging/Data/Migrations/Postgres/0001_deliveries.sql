CREATE SCHEMA IF NOT EXISTS messaging;
CREATE TABLE messaging.deliveries (
    id uuid NOT NULL,
    message_id uuid NOT NULL,
    consumer character varying(300) NOT NULL,
    message_type character varying(300) NOT NULL,
    payload text NOT NULL,
    correlation_id character varying(100) NULL,
    occurred_at timestamp with time zone NOT NULL,
    status character varying(16) NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    locked_until timestamp with time zone NULL,
    locked_by character varying(200) NULL,
    last_error character varying(2000) NULL,
    created_at timestamp with time zone NOT NULL,
    handled_at timestamp with time zone NULL,
    CONSTRAINT "PK_deliveries" PRIMARY KEY (id)
);
CREATE UNIQUE INDEX "IX_deliveries_message_id_consumer" ON messaging.deliveries (message_id, consumer);
CREATE INDEX "IX_deliveries_status_next_attempt_at" ON messaging.deliveries (status, next_attempt_at);
