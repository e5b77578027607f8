-- Bookings module: bookings with their history (statutory private-hire record), payments, refunds,
-- webhook dedupe, manage-token hashes, owed customer messages, outbox. Instants are UTC ticks (INTEGER).
CREATE TABLE "bookings_bookings" (
    "id" TEXT NOT NULL CONSTRAINT "PK_bookings_bookings" PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "booked_at" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "taken_by" TEXT NULL,
    "customer_id" TEXT NULL,
    "vehicle_class" TEXT NOT NULL,
    "quote_id" TEXT NOT NULL,
    "tariff_version" TEXT NOT NULL,
    "journey_json" TEXT NOT NULL,
    "pickup_name" TEXT NOT NULL,
    "dropoff_name" TEXT NOT NULL,
    "pickup_at" INTEGER NOT NULL,
    "passengers" INTEGER NOT NULL,
    "total_pence" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "price_lines_json" TEXT NOT NULL,
    "paid_pence" INTEGER NOT NULL,
    "refunded_pence" INTEGER NOT NULL,
    "cancellation_fee_pence" INTEGER NOT NULL,
    "passenger_name" TEXT NOT NULL,
    "passenger_email" TEXT NOT NULL,
    "passenger_phone" TEXT NOT NULL,
    "notes" TEXT NULL,
    "flight_number" TEXT NULL,
    "confirmed_at" INTEGER NULL,
    "cancelled_at" INTEGER NULL,
    "completed_at" INTEGER NULL,
    "driver_name" TEXT NULL,
    "driver_badge" TEXT NULL,
    "vehicle_registration" TEXT NULL,
    "vehicle_plate" TEXT NULL,
    "dispatched_by" TEXT NULL,
    "allocated_at" INTEGER NULL,
    "pseudonymised_at" INTEGER NULL
);

CREATE TABLE "bookings_manage_tokens" (
    "token_hash" TEXT NOT NULL CONSTRAINT "PK_bookings_manage_tokens" PRIMARY KEY,
    "booking_id" TEXT NOT NULL,
    "issued_at" INTEGER NOT NULL
);

CREATE TABLE "bookings_notifications" (
    "id" TEXT NOT NULL CONSTRAINT "PK_bookings_notifications" PRIMARY KEY,
    "booking_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "sent_at" INTEGER NULL,
    "last_error" TEXT NULL
);

CREATE TABLE "bookings_outbox_messages" (
    "id" TEXT NOT NULL CONSTRAINT "PK_bookings_outbox_messages" PRIMARY KEY,
    "message_type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "correlation_id" TEXT NULL,
    "dispatched_at" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL
);

CREATE TABLE "bookings_payments" (
    "id" TEXT NOT NULL CONSTRAINT "PK_bookings_payments" PRIMARY KEY,
    "booking_id" TEXT NOT NULL,
    "booking_reference" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "amount_pence" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "session_id" TEXT NULL,
    "checkout_url" TEXT NULL,
    "payment_intent_id" TEXT NULL,
    "status" TEXT NOT NULL,
    "failure_code" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NULL,
    "paid_at" INTEGER NULL,
    "refunded_pence" INTEGER NOT NULL,
    "provider_refunded_pence" INTEGER NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE TABLE "bookings_refunds" (
    "id" TEXT NOT NULL CONSTRAINT "PK_bookings_refunds" PRIMARY KEY,
    "booking_id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "payment_intent_id" TEXT NOT NULL,
    "amount_pence" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "provider_refund_id" TEXT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "completed_at" INTEGER NULL
);

CREATE TABLE "bookings_webhook_events" (
    "event_id" TEXT NOT NULL CONSTRAINT "PK_bookings_webhook_events" PRIMARY KEY,
    "type" TEXT NOT NULL,
    "received_at" INTEGER NOT NULL
);

CREATE TABLE "bookings_booking_history" (
    "booking_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "at" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "from_status" TEXT NULL,
    "to_status" TEXT NULL,
    "detail" TEXT NULL,
    "amount_pence" INTEGER NULL,
    CONSTRAINT "PK_bookings_booking_history" PRIMARY KEY ("booking_id", "sequence"),
    CONSTRAINT "FK_bookings_booking_history_bookings_bookings_booking_id" FOREIGN KEY ("booking_id") REFERENCES "bookings_bookings" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_bookings_bookings_customer_id" ON "bookings_bookings" ("customer_id");

CREATE INDEX "IX_bookings_bookings_pickup_at_reference" ON "bookings_bookings" ("pickup_at", "reference");

CREATE UNIQUE INDEX "IX_bookings_bookings_reference" ON "bookings_bookings" ("reference");

CREATE INDEX "IX_bookings_bookings_status" ON "bookings_bookings" ("status");

CREATE INDEX "IX_bookings_manage_tokens_booking_id" ON "bookings_manage_tokens" ("booking_id");

CREATE INDEX "IX_bookings_notifications_sent_at_next_attempt_at" ON "bookings_notifications" ("sent_at", "next_attempt_at");

CREATE INDEX "IX_bookings_outbox_messages_dispatched_at" ON "bookings_outbox_messages" ("dispatched_at");

CREATE INDEX "IX_bookings_payments_booking_id" ON "bookings_payments" ("booking_id");

CREATE INDEX "IX_bookings_payments_payment_intent_id" ON "bookings_payments" ("payment_intent_id");

CREATE UNIQUE INDEX "IX_bookings_payments_session_id" ON "bookings_payments" ("session_id");

CREATE INDEX "IX_bookings_refunds_booking_id" ON "bookings_refunds" ("booking_id");

CREATE INDEX "IX_bookings_refunds_status_next_attempt_at" ON "bookings_refunds" ("status", "next_attempt_at");

