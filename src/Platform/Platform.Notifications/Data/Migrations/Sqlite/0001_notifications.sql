CREATE TABLE "notifications_deliveries" (
    "id" TEXT NOT NULL CONSTRAINT "PK_notifications_deliveries" PRIMARY KEY,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "template_key" TEXT NULL,
    "subject" TEXT NULL,
    "text_body" TEXT NULL,
    "html_body" TEXT NULL,
    "from_address" TEXT NULL,
    "reply_to" TEXT NULL,
    "headers" TEXT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT NULL,
    "next_attempt_at" INTEGER NULL,
    "reference" TEXT NULL,
    "resend_of" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "sent_at" INTEGER NULL
);
CREATE INDEX "IX_notifications_deliveries_reference" ON "notifications_deliveries" ("reference");
CREATE INDEX "IX_notifications_deliveries_status_next_attempt_at" ON "notifications_deliveries" ("status", "next_attempt_at");

CREATE TABLE "notifications_delivery_attachments" (
    "id" TEXT NOT NULL CONSTRAINT "PK_notifications_delivery_attachments" PRIMARY KEY,
    "delivery_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "content" BLOB NOT NULL
);
CREATE INDEX "IX_notifications_delivery_attachments_delivery_id" ON "notifications_delivery_attachments" ("delivery_id");

CREATE TABLE "notifications_sms_messages" (
    "id" TEXT NOT NULL CONSTRAINT "PK_notifications_sms_messages" PRIMARY KEY,
    "recipient" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "segments" INTEGER NOT NULL,
    "encoding" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL
);
CREATE INDEX "IX_notifications_sms_messages_recipient" ON "notifications_sms_messages" ("recipient");
