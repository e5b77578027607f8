CREATE SCHEMA IF NOT EXISTS web;
CREATE TABLE web.idempotency_records (
    scope character varying(200) NOT NULL,
    key character varying(255) NOT NULL,
    request_hash character varying(64) NOT NULL,
    status_code integer NULL,
    content_type character varying(200) NULL,
    location character varying(2000) NULL,
    response_body bytea NULL,
    created_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone NULL,
    expires_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_idempotency_records" PRIMARY KEY (scope, key)
);
CREATE INDEX "IX_idempotency_records_expires_at" ON web.idempotency_records (expires_at);
