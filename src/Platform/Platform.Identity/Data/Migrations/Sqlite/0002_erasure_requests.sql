-- GDPR erasure: one request per account and one durable step per module that holds personal data.
CREATE TABLE "identity_erasure_requests" (
    "id" TEXT NOT NULL CONSTRAINT "PK_identity_erasure_requests" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "email" TEXT NULL,
    "phone" TEXT NULL,
    "requested_at" INTEGER NOT NULL,
    "completed_at" INTEGER NULL
);
CREATE UNIQUE INDEX "IX_identity_erasure_requests_user_id" ON "identity_erasure_requests" ("user_id");
CREATE INDEX "IX_identity_erasure_requests_requested_at" ON "identity_erasure_requests" ("requested_at");

CREATE TABLE "identity_erasure_steps" (
    "request_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL,
    "completed_at" INTEGER NULL,
    "last_error" TEXT NULL,
    CONSTRAINT "PK_identity_erasure_steps" PRIMARY KEY ("request_id", "source"),
    CONSTRAINT "FK_identity_erasure_steps_identity_erasure_requests_request_id" FOREIGN KEY ("request_id") REFERENCES "identity_erasure_requests" ("id") ON DELETE CASCADE
);
CREATE INDEX "IX_identity_erasure_steps_completed_at_next_attempt_at" ON "identity_erasure_steps" ("completed_at", "next_attempt_at");
