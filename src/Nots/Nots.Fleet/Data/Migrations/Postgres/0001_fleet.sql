-- Fleet module: drivers, vehicles and their assignment, compliance documents, sent expiry alerts (one row per
-- document and threshold: the claim that sends each warning once), outbox.
CREATE SCHEMA IF NOT EXISTS fleet;

CREATE TABLE fleet.compliance_alerts (
    document_id uuid NOT NULL,
    threshold_days integer NOT NULL,
    sent_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_compliance_alerts" PRIMARY KEY (document_id, threshold_days)
);

CREATE TABLE fleet.compliance_documents (
    id uuid NOT NULL,
    owner_type character varying(10) NOT NULL,
    owner_id uuid NOT NULL,
    document_type character varying(30) NOT NULL,
    issued_on date,
    expires_on date NOT NULL,
    effective_expires_on date NOT NULL,
    status character varying(20) NOT NULL,
    file_key character varying(300) NOT NULL,
    content_type character varying(100) NOT NULL,
    size_bytes bigint NOT NULL,
    sha256 character varying(64) NOT NULL,
    file_name character varying(255),
    uploaded_by uuid,
    uploaded_at timestamp with time zone NOT NULL,
    reviewed_by uuid,
    reviewed_at timestamp with time zone,
    rejection_reason character varying(500),
    superseded_by uuid,
    version integer NOT NULL,
    CONSTRAINT "PK_compliance_documents" PRIMARY KEY (id)
);

CREATE TABLE fleet.drivers (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    name character varying(200) NOT NULL,
    email character varying(254) NOT NULL,
    email_key character varying(254) NOT NULL,
    phone character varying(20) NOT NULL,
    licence_number character varying(16) NOT NULL,
    badge_number character varying(30) NOT NULL,
    start_date date,
    status character varying(20) NOT NULL,
    on_duty boolean NOT NULL,
    duty_changed_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT "PK_drivers" PRIMARY KEY (id)
);

CREATE TABLE fleet.outbox_messages (
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

CREATE TABLE fleet.vehicles (
    id uuid NOT NULL,
    registration character varying(10) NOT NULL,
    make character varying(50) NOT NULL,
    model character varying(50) NOT NULL,
    colour character varying(30) NOT NULL,
    vehicle_class character varying(20) NOT NULL,
    seats integer NOT NULL,
    suitcases integer NOT NULL,
    plate_number character varying(30) NOT NULL,
    wheelchair_accessible boolean NOT NULL,
    active boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT "PK_vehicles" PRIMARY KEY (id)
);

CREATE TABLE fleet.vehicle_drivers (
    vehicle_id uuid NOT NULL,
    driver_id uuid NOT NULL,
    CONSTRAINT "PK_vehicle_drivers" PRIMARY KEY (vehicle_id, driver_id),
    CONSTRAINT "FK_vehicle_drivers_vehicles_vehicle_id" FOREIGN KEY (vehicle_id) REFERENCES fleet.vehicles (id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_compliance_documents_file_key" ON fleet.compliance_documents (file_key);

CREATE INDEX "IX_compliance_documents_owner_id_document_type_status" ON fleet.compliance_documents (owner_id, document_type, status);

CREATE INDEX "IX_compliance_documents_status_effective_expires_on" ON fleet.compliance_documents (status, effective_expires_on);

CREATE UNIQUE INDEX "IX_drivers_badge_number" ON fleet.drivers (badge_number);

CREATE UNIQUE INDEX "IX_drivers_email_key" ON fleet.drivers (email_key);

CREATE UNIQUE INDEX "IX_drivers_licence_number" ON fleet.drivers (licence_number);

CREATE INDEX "IX_drivers_name_email_key" ON fleet.drivers (name, email_key);

CREATE UNIQUE INDEX "IX_drivers_user_id" ON fleet.drivers (user_id);

CREATE INDEX "IX_outbox_messages_dispatched_at" ON fleet.outbox_messages (dispatched_at);

CREATE INDEX "IX_vehicle_drivers_driver_id" ON fleet.vehicle_drivers (driver_id);

CREATE UNIQUE INDEX "IX_vehicles_plate_number" ON fleet.vehicles (plate_number);

CREATE UNIQUE INDEX "IX_vehicles_registration" ON fleet.vehicles (registration);
