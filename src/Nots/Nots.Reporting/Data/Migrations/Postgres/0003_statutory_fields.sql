-- The statutory record's hirer and allocation fields, projected from TransferBooked and DriverAssigned.
ALTER TABLE reporting.booking_facts
    ADD COLUMN hirer_name character varying(200) NULL,
    ADD COLUMN driver_name character varying(200) NULL,
    ADD COLUMN badge_number character varying(50) NULL,
    ADD COLUMN vehicle_registration character varying(20) NULL,
    ADD COLUMN plate_number character varying(50) NULL,
    ADD COLUMN allocated_at timestamp with time zone NULL,
    ADD COLUMN dispatcher character varying(100) NULL;
