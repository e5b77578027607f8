CREATE TABLE "payments_sandbox_events" (
    "id" TEXT NOT NULL CONSTRAINT "PK_payments_sandbox_events" PRIMARY KEY,
    "type" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "target_url" TEXT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "last_status_code" INTEGER NULL,
    "last_error" TEXT NULL,
    "delivered_at" INTEGER NULL
);
CREATE TABLE "payments_sandbox_refunds" (
    "id" TEXT NOT NULL CONSTRAINT "PK_payments_sandbox_refunds" PRIMARY KEY,
    "session_id" TEXT NOT NULL,
    "payment_intent_id" TEXT NOT NULL,
    "charge_id" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "reason" TEXT NULL,
    "status" TEXT NOT NULL,
    "metadata_json" TEXT NOT NULL,
    "idempotency_key" TEXT NULL,
    "request_hash" TEXT NULL,
    "created_at" INTEGER NOT NULL
);
CREATE TABLE "payments_sandbox_sessions" (
    "id" TEXT NOT NULL CONSTRAINT "PK_payments_sandbox_sessions" PRIMARY KEY,
    "client_reference_id" TEXT NULL,
    "amount_total" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "line_items_json" TEXT NOT NULL,
    "customer_email" TEXT NULL,
    "success_url" TEXT NOT NULL,
    "cancel_url" TEXT NOT NULL,
    "metadata_json" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "payment_status" TEXT NOT NULL,
    "payment_intent_id" TEXT NULL,
    "charge_id" TEXT NULL,
    "amount_refunded" INTEGER NOT NULL,
    "form_token" TEXT NOT NULL,
    "idempotency_key" TEXT NULL,
    "request_hash" TEXT NULL,
    "webhook_url" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "completed_at" INTEGER NULL,
    "version" INTEGER NOT NULL
);
CREATE TABLE "payments_settings" (
    "key" TEXT NOT NULL CONSTRAINT "PK_payments_settings" PRIMARY KEY,
    "value" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL
);
CREATE INDEX "IX_payments_sandbox_events_object_id" ON "payments_sandbox_events" ("object_id");
CREATE INDEX "IX_payments_sandbox_events_status_next_attempt_at" ON "payments_sandbox_events" ("status", "next_attempt_at");
CREATE UNIQUE INDEX "IX_payments_sandbox_refunds_idempotency_key" ON "payments_sandbox_refunds" ("idempotency_key");
CREATE INDEX "IX_payments_sandbox_refunds_payment_intent_id" ON "payments_sandbox_refunds" ("payment_intent_id");
CREATE UNIQUE INDEX "IX_payments_sandbox_sessions_idempotency_key" ON "payments_sandbox_sessions" ("idempotency_key");
CREATE UNIQUE INDEX "IX_payments_sandbox_sessions_payment_intent_id" ON "payments_sandbox_sessions" ("payment_intent_id");
