-- What dispatch needs from the priced route: distance, driving time and where both ends are.
ALTER TABLE "bookings_bookings" ADD COLUMN "distance_miles" TEXT NOT NULL DEFAULT '0.0';
ALTER TABLE "bookings_bookings" ADD COLUMN "duration_minutes" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "bookings_bookings" ADD COLUMN "pickup_lat" REAL NULL;
ALTER TABLE "bookings_bookings" ADD COLUMN "pickup_lng" REAL NULL;
ALTER TABLE "bookings_bookings" ADD COLUMN "dropoff_lat" REAL NULL;
ALTER TABLE "bookings_bookings" ADD COLUMN "dropoff_lng" REAL NULL;

-- What the customer is told about the allocated driver and vehicle in later messages.
ALTER TABLE "bookings_bookings" ADD COLUMN "driver_first_name" TEXT NULL;
ALTER TABLE "bookings_bookings" ADD COLUMN "vehicle_description" TEXT NULL;

-- Bookings now consumes dispatch events.
CREATE TABLE "bookings_inbox_messages" (
    "message_id" TEXT NOT NULL, "consumer" TEXT NOT NULL, "message_type" TEXT NOT NULL, "handled_at" INTEGER NOT NULL,
    CONSTRAINT "PK_bookings_inbox_messages" PRIMARY KEY ("message_id", "consumer"));
