CREATE SCHEMA IF NOT EXISTS notifications;

CREATE TABLE notifications.deliveries (
    id uuid NOT NULL,
    channel character varying(10) NOT NULL,
    recipient character varying(1000) NOT NULL,
    template_key character varying(100),
    subject character varying(500),
    text_body text,
    html_body text,
    from_address character varying(320),
    reply_to character varying(320),
    headers text,
    status character varying(10) NOT NULL,
    attempts integer NOT NULL,
    last_error character varying(2000),
    next_attempt_at timestamp with time zone,
    reference character varying(100),
    resend_of uuid,
    created_at timestamp with time zone NOT NULL,
    sent_at timestamp with time zone,
    CONSTRAINT "PK_deliveries" PRIMARY KEY (id)
);
CREATE INDEX "IX_deliveries_reference" ON notifications.deliveries (reference);
CREATE INDEX "IX_deliveries_status_next_attempt_at" ON notifications.deliveries (status, next_attempt_at);

CREATE TABLE notifications.delivery_attachments (
    id uuid NOT NULL,
    delivery_id uuid NOT NULL,
    position integer NOT NULL,
    file_name character varying(255) NOT NULL,
    content_type character varying(100) NOT NULL,
    content bytea NOT NULL,
    CONSTRAINT "PK_delivery_attachments" PRIMARY KEY (id)
);
CREATE INDEX "IX_delivery_attachments_delivery_id" ON notifications.delivery_attachments (delivery_id);

CREATE TABLE notifications.sms_messages (
    id uuid NOT NULL,
    recipient character varying(16) NOT NULL,
    body text NOT NULL,
    segments integer NOT NULL,
    encoding character varying(4) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_sms_messages" PRIMARY KEY (id)
);
CREATE INDEX "IX_sms_messages_recipient" ON notifications.sms_messages (recipient);
