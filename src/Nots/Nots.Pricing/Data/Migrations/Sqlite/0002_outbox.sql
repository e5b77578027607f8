-- Pricing publishes integration events (a published tariff reaches the audit log): the outbox.
CREATE TABLE "pricing_outbox_messages" (
    "id" TEXT NOT NULL CONSTRAINT "PK_pricing_outbox_messages" PRIMARY KEY,
    "message_type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "correlation_id" TEXT NULL,
    "dispatched_at" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL
);

CREATE INDEX "IX_pricing_outbox_messages_dispatched_at" ON "pricing_outbox_messages" ("dispatched_at");
