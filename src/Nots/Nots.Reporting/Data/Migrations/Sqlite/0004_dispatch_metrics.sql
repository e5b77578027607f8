-- Dispatch acceptance (offers and how they ended) and driver utilisation (duty changes, jobs' time on the road).
CREATE TABLE "reporting_offer_facts" (
    "id" TEXT NOT NULL CONSTRAINT "PK_reporting_offer_facts" PRIMARY KEY,
    "job_id" TEXT NOT NULL,
    "driver_id" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "offered_at" INTEGER NOT NULL,
    "resolved_at" INTEGER NOT NULL);
CREATE INDEX "IX_reporting_offer_facts_offered_at" ON "reporting_offer_facts" ("offered_at");
CREATE TABLE "reporting_duty_changes" (
    "id" TEXT NOT NULL CONSTRAINT "PK_reporting_duty_changes" PRIMARY KEY,
    "driver_id" TEXT NOT NULL,
    "on_duty" INTEGER NOT NULL,
    "at" INTEGER NOT NULL);
CREATE INDEX "IX_reporting_duty_changes_driver_id_at" ON "reporting_duty_changes" ("driver_id", "at");
CREATE INDEX "IX_reporting_duty_changes_at" ON "reporting_duty_changes" ("at");
CREATE TABLE "reporting_job_times" (
    "job_id" TEXT NOT NULL CONSTRAINT "PK_reporting_job_times" PRIMARY KEY,
    "driver_id" TEXT NULL,
    "started_at" INTEGER NULL,
    "ended_at" INTEGER NULL);
CREATE INDEX "IX_reporting_job_times_started_at" ON "reporting_job_times" ("started_at");
CREATE TABLE "reporting_drivers" (
    "driver_id" TEXT NOT NULL CONSTRAINT "PK_reporting_drivers" PRIMARY KEY,
    "name" TEXT NOT NULL);
