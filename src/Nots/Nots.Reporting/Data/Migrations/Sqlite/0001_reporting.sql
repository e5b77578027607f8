-- The reporting read model: one row per confirmed booking, maintained from integration events.
CREATE TABLE "reporting_booking_facts" (
    "booking_id" TEXT NOT NULL CONSTRAINT "PK_reporting_booking_facts" PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "vehicle_class" TEXT NOT NULL,
    "pickup_name" TEXT NOT NULL,
    "dropoff_name" TEXT NOT NULL,
    "passengers" INTEGER NOT NULL,
    "flight_number" TEXT NULL,
    "total_pence" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "confirmed_at" INTEGER NOT NULL,
    "pickup_at" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "changed_at" INTEGER NULL,
    "cancelled_at" INTEGER NULL,
    "cancellation_fee_pence" INTEGER NOT NULL,
    "refund_pence" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL);
CREATE UNIQUE INDEX "IX_reporting_booking_facts_reference" ON "reporting_booking_facts" ("reference");
CREATE INDEX "IX_reporting_booking_facts_confirmed_at" ON "reporting_booking_facts" ("confirmed_at");
CREATE INDEX "IX_reporting_booking_facts_pickup_at" ON "reporting_booking_facts" ("pickup_at");
CREATE TABLE "reporting_inbox_messages" (
    "message_id" TEXT NOT NULL, "consumer" TEXT NOT NULL, "message_type" TEXT NOT NULL, "handled_at" INTEGER NOT NULL,
    CONSTRAINT "PK_reporting_inbox_messages" PRIMARY KEY ("message_id", "consumer"));
