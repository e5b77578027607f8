-- Dispatch module: jobs (one per confirmed booking), their allocations (offers/assignments; at most one live per
-- job by a partial unique index), driver positions, allocation lock rows (FOR UPDATE on PostgreSQL), the board
-- counter every job change bumps (live feeds poll it), outbox and inbox.
-- Instants are UTC ticks (INTEGER).
CREATE TABLE "dispatch_allocation_locks" (
    "key" TEXT NOT NULL CONSTRAINT "PK_dispatch_allocation_locks" PRIMARY KEY
);

CREATE TABLE "dispatch_allocations" (
    "id" TEXT NOT NULL CONSTRAINT "PK_dispatch_allocations" PRIMARY KEY,
    "job_id" TEXT NOT NULL,
    "driver_id" TEXT NOT NULL,
    "vehicle_id" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "dispatcher_user_id" TEXT NULL,
    "offered_at" INTEGER NOT NULL,
    "expires_at" INTEGER NULL,
    "resolved_at" INTEGER NULL
);

CREATE TABLE "dispatch_board_state" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_dispatch_board_state" PRIMARY KEY,
    "version" INTEGER NOT NULL
);

CREATE TABLE "dispatch_driver_positions" (
    "driver_id" TEXT NOT NULL CONSTRAINT "PK_dispatch_driver_positions" PRIMARY KEY,
    "lat" REAL NOT NULL,
    "lng" REAL NOT NULL,
    "accuracy" REAL NULL,
    "at" INTEGER NOT NULL
);

CREATE TABLE "dispatch_inbox_messages" (
    "message_id" TEXT NOT NULL,
    "consumer" TEXT NOT NULL,
    "message_type" TEXT NOT NULL,
    "handled_at" INTEGER NOT NULL,
    CONSTRAINT "PK_dispatch_inbox_messages" PRIMARY KEY ("message_id", "consumer")
);

CREATE TABLE "dispatch_jobs" (
    "id" TEXT NOT NULL CONSTRAINT "PK_dispatch_jobs" PRIMARY KEY,
    "booking_id" TEXT NOT NULL,
    "booking_reference" TEXT NOT NULL,
    "vehicle_class" TEXT NOT NULL,
    "pickup_at" INTEGER NOT NULL,
    "ends_at" INTEGER NOT NULL,
    "pickup_name" TEXT NOT NULL,
    "dropoff_name" TEXT NOT NULL,
    "passengers" INTEGER NOT NULL,
    "suitcases" INTEGER NOT NULL,
    "duration_minutes" INTEGER NOT NULL,
    "distance_miles" TEXT NOT NULL,
    "pickup_lat" REAL NULL,
    "pickup_lng" REAL NULL,
    "dropoff_lat" REAL NULL,
    "dropoff_lng" REAL NULL,
    "lead_passenger_name" TEXT NULL,
    "meet_and_greet" INTEGER NOT NULL,
    "flight_number" TEXT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "auto" INTEGER NOT NULL,
    "driver_id" TEXT NULL,
    "vehicle_id" TEXT NULL,
    "mode" TEXT NULL,
    "dispatcher_user_id" TEXT NULL,
    "offered_at" INTEGER NULL,
    "offer_expires_at" INTEGER NULL,
    "offer_attempts" INTEGER NOT NULL,
    "first_offered_at" INTEGER NULL,
    "assigned_at" INTEGER NULL,
    "en_route_at" INTEGER NULL,
    "arrived_at" INTEGER NULL,
    "on_board_at" INTEGER NULL,
    "completed_at" INTEGER NULL,
    "no_show_at" INTEGER NULL,
    "no_show_lat" REAL NULL,
    "no_show_lng" REAL NULL,
    "cancelled_at" INTEGER NULL,
    "escalated_at" INTEGER NULL,
    "note" TEXT NULL,
    "confirmed_at" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "board_version" INTEGER NOT NULL
);

CREATE TABLE "dispatch_outbox_messages" (
    "id" TEXT NOT NULL CONSTRAINT "PK_dispatch_outbox_messages" PRIMARY KEY,
    "message_type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "correlation_id" TEXT NULL,
    "dispatched_at" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL
);

CREATE UNIQUE INDEX "IX_allocations_live_job" ON "dispatch_allocations" ("job_id") WHERE status IN ('Offered', 'Active');

CREATE INDEX "IX_dispatch_allocations_driver_id_offered_at" ON "dispatch_allocations" ("driver_id", "offered_at");

CREATE INDEX "IX_dispatch_allocations_job_id_offered_at" ON "dispatch_allocations" ("job_id", "offered_at");

CREATE INDEX "IX_dispatch_jobs_board_version" ON "dispatch_jobs" ("board_version");

CREATE UNIQUE INDEX "IX_dispatch_jobs_booking_id" ON "dispatch_jobs" ("booking_id");

CREATE UNIQUE INDEX "IX_dispatch_jobs_booking_reference" ON "dispatch_jobs" ("booking_reference");

CREATE INDEX "IX_dispatch_jobs_driver_id_pickup_at" ON "dispatch_jobs" ("driver_id", "pickup_at");

CREATE INDEX "IX_dispatch_jobs_status_offer_expires_at" ON "dispatch_jobs" ("status", "offer_expires_at");

CREATE INDEX "IX_dispatch_jobs_status_pickup_at" ON "dispatch_jobs" ("status", "pickup_at");

CREATE INDEX "IX_dispatch_jobs_vehicle_id_pickup_at" ON "dispatch_jobs" ("vehicle_id", "pickup_at");

CREATE INDEX "IX_dispatch_outbox_messages_dispatched_at" ON "dispatch_outbox_messages" ("dispatched_at");

INSERT INTO "dispatch_board_state" ("id", "version") VALUES (1, 0);
