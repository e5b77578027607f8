-- What dispatch needs from the priced route: distance, driving time and where both ends are.
ALTER TABLE bookings.bookings ADD COLUMN distance_miles numeric(8,1) NOT NULL DEFAULT 0;
ALTER TABLE bookings.bookings ADD COLUMN duration_minutes integer NOT NULL DEFAULT 0;
ALTER TABLE bookings.bookings ADD COLUMN pickup_lat double precision NULL;
ALTER TABLE bookings.bookings ADD COLUMN pickup_lng double precision NULL;
ALTER TABLE bookings.bookings ADD COLUMN dropoff_lat double precision NULL;
ALTER TABLE bookings.bookings ADD COLUMN dropoff_lng double precision NULL;

-- What the customer is told about the allocated driver and vehicle in later messages.
ALTER TABLE bookings.bookings ADD COLUMN driver_first_name character varying(100) NULL;
ALTER TABLE bookings.bookings ADD COLUMN vehicle_description character varying(200) NULL;

-- Bookings now consumes dispatch events.
CREATE TABLE bookings.inbox_messages (
    message_id uuid NOT NULL, consumer character varying(300) NOT NULL,
    message_type character varying(300) NOT NULL, handled_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY (message_id, consumer));
