CREATE TABLE "web_idempotency_records" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status_code" INTEGER NULL,
    "content_type" TEXT NULL,
    "location" TEXT NULL,
    "response_body" BLOB NULL,
    "created_at" INTEGER NOT NULL,
    "completed_at" INTEGER NULL,
    "expires_at" INTEGER NOT NULL,
    CONSTRAINT "PK_web_idempotency_records" PRIMARY KEY ("scope", "key")
);
CREATE INDEX "IX_web_idempotency_records_expires_at" ON "web_idempotency_records" ("expires_at");
