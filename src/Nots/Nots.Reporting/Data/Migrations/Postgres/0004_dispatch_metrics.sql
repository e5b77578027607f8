-- Dispatch acceptance (offers and how they ended) and driver utilisation (duty changes, jobs' time on the road).
CREATE SCHEMA IF NOT EXISTS reporting;
CREATE TABLE reporting.offer_facts (
    id uuid NOT NULL,
    job_id uuid NOT NULL,
    driver_id uuid NOT NULL,
    outcome character varying(20) NOT NULL,
    offered_at timestamp with time zone NOT NULL,
    resolved_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_offer_facts" PRIMARY KEY (id));
CREATE INDEX "IX_offer_facts_offered_at" ON reporting.offer_facts (offered_at);
CREATE TABLE reporting.duty_changes (
    id uuid NOT NULL,
    driver_id uuid NOT NULL,
    on_duty boolean NOT NULL,
    at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_duty_changes" PRIMARY KEY (id));
CREATE INDEX "IX_duty_changes_driver_id_at" ON reporting.duty_changes (driver_id, at);
CREATE INDEX "IX_duty_changes_at" ON reporting.duty_changes (at);
CREATE TABLE reporting.job_times (
    job_id uuid NOT NULL,
    driver_id uuid NULL,
    started_at timestamp with time zone NULL,
    ended_at timestamp with time zone NULL,
    CONSTRAINT "PK_job_times" PRIMARY KEY (job_id));
CREATE INDEX "IX_job_times_started_at" ON reporting.job_times (started_at);
CREATE TABLE reporting.drivers (
    driver_id uuid NOT NULL,
    name character varying(200) NOT NULL,
    CONSTRAINT "PK_drivers" PRIMARY KEY (driver_id));
