-- Notification requests arrive as integration events from every module's outbox: the inbox makes each one send once.
CREATE TABLE "notifications_inbox_messages" (
    "message_id" TEXT NOT NULL, "consumer" TEXT NOT NULL, "message_type" TEXT NOT NULL, "handled_at" INTEGER NOT NULL,
    CONSTRAINT "PK_notifications_inbox_messages" PRIMARY KEY ("message_id", "consumer"));
