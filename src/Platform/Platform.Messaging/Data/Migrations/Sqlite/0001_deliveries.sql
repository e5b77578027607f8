CREATE TABLE "messaging_deliveries" (
    "id" TEXT NOT NULL CONSTRAINT "PK_messaging_deliveries" PRIMARY KEY,
    "message_id" TEXT NOT NULL,
    "consumer" TEXT NOT NULL,
    "message_type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "correlation_id" TEXT NULL,
    "occurred_at" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL,
    "last_error" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "handled_at" INTEGER NULL
);
CREATE UNIQUE INDEX "IX_messaging_deliveries_message_id_consumer" ON "messaging_deliveries" ("message_id", "consumer");
CREATE INDEX "IX_messaging_deliveries_status_next_attempt_at" ON "messaging_deliveries" ("status", "next_attempt_at");
