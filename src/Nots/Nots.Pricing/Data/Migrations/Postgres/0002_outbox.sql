-- Pricing publishes integration events (a published tariff reaches the audit log): the outbox.
CREATE SCHEMA IF NOT EXISTS pricing;

CREATE TABLE pricing.outbox_messages (
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

CREATE INDEX "IX_outbox_messages_dispatched_at" ON pricing.outbox_messages (dispatched_at);
