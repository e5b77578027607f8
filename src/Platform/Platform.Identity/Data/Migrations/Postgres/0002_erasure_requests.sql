-- GDPR erasure: one request per account and one durable step per module that holds personal data.
CREATE TABLE identity.erasure_requests (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    email character varying(256) NULL,
    phone character varying(32) NULL,
    requested_at timestamp with time zone NOT NULL,
    completed_at timestamp with time zone NULL,
    CONSTRAINT "PK_erasure_requests" PRIMARY KEY (id)
);
CREATE UNIQUE INDEX "IX_erasure_requests_user_id" ON identity.erasure_requests (user_id);
CREATE INDEX "IX_erasure_requests_requested_at" ON identity.erasure_requests (requested_at);

CREATE TABLE identity.erasure_steps (
    request_id uuid NOT NULL,
    source character varying(100) NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    locked_until timestamp with time zone NULL,
    locked_by character varying(200) NULL,
    completed_at timestamp with time zone NULL,
    last_error character varying(1000) NULL,
    CONSTRAINT "PK_erasure_steps" PRIMARY KEY (request_id, source),
    CONSTRAINT "FK_erasure_steps_erasure_requests_request_id" FOREIGN KEY (request_id) REFERENCES identity.erasure_requests (id) ON DELETE CASCADE
);
CREATE INDEX "IX_erasure_steps_completed_at_next_attempt_at" ON identity.erasure_steps (completed_at, next_attempt_at);
