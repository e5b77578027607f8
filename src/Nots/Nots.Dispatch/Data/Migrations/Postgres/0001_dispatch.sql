-- Dispatch module: jobs (one per confirmed booking), their allocations (offers/assignments; at most one live per
-- job by a partial unique index), driver positions, allocation lock rows (FOR UPDATE on PostgreSQL), the board
-- counter every job change bumps (live feeds poll it), outbox and inbox.
CREATE SCHEMA IF NOT EXISTS dispatch;

CREATE TABLE dispatch.allocation_locks (
    key character varying(60) NOT NULL,
    CONSTRAINT "PK_allocation_locks" PRIMARY KEY (key)
);

CREATE TABLE dispatch.allocations (
    id uuid NOT NULL,
    job_id uuid NOT NULL,
    driver_id uuid NOT NULL,
    vehicle_id uuid NOT NULL,
    mode character varying(10) NOT NULL,
    status character varying(20) NOT NULL,
    dispatcher_user_id character varying(100),
    offered_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone,
    resolved_at timestamp with time zone,
    CONSTRAINT "PK_allocations" PRIMARY KEY (id)
);

CREATE TABLE dispatch.board_state (
    id integer NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT "PK_board_state" PRIMARY KEY (id)
);

CREATE TABLE dispatch.driver_positions (
    driver_id uuid NOT NULL,
    lat double precision NOT NULL,
    lng double precision NOT NULL,
    accuracy double precision,
    at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_driver_positions" PRIMARY KEY (driver_id)
);

CREATE TABLE dispatch.inbox_messages (
    message_id uuid NOT NULL,
    consumer character varying(300) NOT NULL,
    message_type character varying(300) NOT NULL,
    handled_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY (message_id, consumer)
);

CREATE TABLE dispatch.jobs (
    id uuid NOT NULL,
    booking_id uuid NOT NULL,
    booking_reference character varying(16) NOT NULL,
    vehicle_class character varying(50) NOT NULL,
    pickup_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    pickup_name character varying(500) NOT NULL,
    dropoff_name character varying(500) NOT NULL,
    passengers integer NOT NULL,
    suitcases integer NOT NULL,
    duration_minutes integer NOT NULL,
    distance_miles numeric(8,1) NOT NULL,
    pickup_lat double precision,
    pickup_lng double precision,
    dropoff_lat double precision,
    dropoff_lng double precision,
    lead_passenger_name character varying(200),
    meet_and_greet boolean NOT NULL,
    flight_number character varying(16),
    status character varying(20) NOT NULL,
    version integer NOT NULL,
    auto boolean NOT NULL,
    driver_id uuid,
    vehicle_id uuid,
    mode character varying(10),
    dispatcher_user_id character varying(100),
    offered_at timestamp with time zone,
    offer_expires_at timestamp with time zone,
    offer_attempts integer NOT NULL,
    first_offered_at timestamp with time zone,
    assigned_at timestamp with time zone,
    en_route_at timestamp with time zone,
    arrived_at timestamp with time zone,
    on_board_at timestamp with time zone,
    completed_at timestamp with time zone,
    no_show_at timestamp with time zone,
    no_show_lat double precision,
    no_show_lng double precision,
    cancelled_at timestamp with time zone,
    escalated_at timestamp with time zone,
    note character varying(500),
    confirmed_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    board_version bigint NOT NULL,
    CONSTRAINT "PK_jobs" PRIMARY KEY (id)
);

CREATE TABLE dispatch.outbox_messages (
    id uuid NOT NULL,
    message_type character varying(300) NOT NULL,
    payload text NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    correlation_id character varying(100),
    dispatched_at timestamp with time zone,
    attempts integer NOT NULL,
    locked_until timestamp with time zone,
    locked_by character varying(200),
    CONSTRAINT "PK_outbox_messages" PRIMARY KEY (id)
);

CREATE INDEX "IX_allocations_driver_id_offered_at" ON dispatch.allocations (driver_id, offered_at);

CREATE INDEX "IX_allocations_job_id_offered_at" ON dispatch.allocations (job_id, offered_at);

CREATE UNIQUE INDEX "IX_allocations_live_job" ON dispatch.allocations (job_id) WHERE status IN ('Offered', 'Active');

CREATE INDEX "IX_jobs_board_version" ON dispatch.jobs (board_version);

CREATE UNIQUE INDEX "IX_jobs_booking_id" ON dispatch.jobs (booking_id);

CREATE UNIQUE INDEX "IX_jobs_booking_reference" ON dispatch.jobs (booking_reference);

CREATE INDEX "IX_jobs_driver_id_pickup_at" ON dispatch.jobs (driver_id, pickup_at);

CREATE INDEX "IX_jobs_status_offer_expires_at" ON dispatch.jobs (status, offer_expires_at);

CREATE INDEX "IX_jobs_status_pickup_at" ON dispatch.jobs (status, pickup_at);

CREATE INDEX "IX_jobs_vehicle_id_pickup_at" ON dispatch.jobs (vehicle_id, pickup_at);

CREATE INDEX "IX_outbox_messages_dispatched_at" ON dispatch.outbox_messages (dispatched_at);

INSERT INTO dispatch.board_state (id, version) VALUES (1, 0);
