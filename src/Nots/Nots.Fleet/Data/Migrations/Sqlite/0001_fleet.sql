-- Fleet module: drivers, vehicles and their assignment, compliance documents, sent expiry alerts (one row per
-- document and threshold: the claim that sends each warning once), outbox. Instants are UTC ticks (INTEGER); dates are TEXT yyyy-mm-dd.
CREATE TABLE "fleet_compliance_alerts" (
    "document_id" TEXT NOT NULL,
    "threshold_days" INTEGER NOT NULL,
    "sent_at" INTEGER NOT NULL,
    CONSTRAINT "PK_fleet_compliance_alerts" PRIMARY KEY ("document_id", "threshold_days")
);

CREATE TABLE "fleet_compliance_documents" (
    "id" TEXT NOT NULL CONSTRAINT "PK_fleet_compliance_documents" PRIMARY KEY,
    "owner_type" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "document_type" TEXT NOT NULL,
    "issued_on" TEXT NULL,
    "expires_on" TEXT NOT NULL,
    "effective_expires_on" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "file_key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "file_name" TEXT NULL,
    "uploaded_by" TEXT NULL,
    "uploaded_at" INTEGER NOT NULL,
    "reviewed_by" TEXT NULL,
    "reviewed_at" INTEGER NULL,
    "rejection_reason" TEXT NULL,
    "superseded_by" TEXT NULL,
    "version" INTEGER NOT NULL
);

CREATE TABLE "fleet_drivers" (
    "id" TEXT NOT NULL CONSTRAINT "PK_fleet_drivers" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_key" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "licence_number" TEXT NOT NULL,
    "badge_number" TEXT NOT NULL,
    "start_date" TEXT NULL,
    "status" TEXT NOT NULL,
    "on_duty" INTEGER NOT NULL,
    "duty_changed_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE TABLE "fleet_outbox_messages" (
    "id" TEXT NOT NULL CONSTRAINT "PK_fleet_outbox_messages" PRIMARY KEY,
    "message_type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "correlation_id" TEXT NULL,
    "dispatched_at" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "locked_until" INTEGER NULL,
    "locked_by" TEXT NULL
);

CREATE TABLE "fleet_vehicles" (
    "id" TEXT NOT NULL CONSTRAINT "PK_fleet_vehicles" PRIMARY KEY,
    "registration" TEXT NOT NULL,
    "make" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "colour" TEXT NOT NULL,
    "vehicle_class" TEXT NOT NULL,
    "seats" INTEGER NOT NULL,
    "suitcases" INTEGER NOT NULL,
    "plate_number" TEXT NOT NULL,
    "wheelchair_accessible" INTEGER NOT NULL,
    "active" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE TABLE "fleet_vehicle_drivers" (
    "vehicle_id" TEXT NOT NULL,
    "driver_id" TEXT NOT NULL,
    CONSTRAINT "PK_fleet_vehicle_drivers" PRIMARY KEY ("vehicle_id", "driver_id"),
    CONSTRAINT "FK_fleet_vehicle_drivers_fleet_vehicles_vehicle_id" FOREIGN KEY ("vehicle_id") REFERENCES "fleet_vehicles" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_fleet_compliance_documents_file_key" ON "fleet_compliance_documents" ("file_key");

CREATE INDEX "IX_fleet_compliance_documents_owner_id_document_type_status" ON "fleet_compliance_documents" ("owner_id", "document_type", "status");

CREATE INDEX "IX_fleet_compliance_documents_status_effective_expires_on" ON "fleet_compliance_documents" ("status", "effective_expires_on");

CREATE UNIQUE INDEX "IX_fleet_drivers_badge_number" ON "fleet_drivers" ("badge_number");

CREATE UNIQUE INDEX "IX_fleet_drivers_email_key" ON "fleet_drivers" ("email_key");

CREATE UNIQUE INDEX "IX_fleet_drivers_licence_number" ON "fleet_drivers" ("licence_number");

CREATE INDEX "IX_fleet_drivers_name_email_key" ON "fleet_drivers" ("name", "email_key");

CREATE UNIQUE INDEX "IX_fleet_drivers_user_id" ON "fleet_drivers" ("user_id");

CREATE INDEX "IX_fleet_outbox_messages_dispatched_at" ON "fleet_outbox_messages" ("dispatched_at");

CREATE INDEX "IX_fleet_vehicle_drivers_driver_id" ON "fleet_vehicle_drivers" ("driver_id");

CREATE UNIQUE INDEX "IX_fleet_vehicles_plate_number" ON "fleet_vehicles" ("plate_number");

CREATE UNIQUE INDEX "IX_fleet_vehicles_registration" ON "fleet_vehicles" ("registration");
