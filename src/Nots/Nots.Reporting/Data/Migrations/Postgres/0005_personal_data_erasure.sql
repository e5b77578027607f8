-- GDPR: record rows remember that the booking's personal data was erased.
ALTER TABLE reporting.booking_facts ADD COLUMN personal_data_erased_at timestamp with time zone NULL;
