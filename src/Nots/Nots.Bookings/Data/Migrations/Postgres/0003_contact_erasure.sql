-- GDPR: contact details can be erased while the statutory record (with the hirer's name) is still kept.
ALTER TABLE bookings.bookings ADD COLUMN contact_erased_at timestamp with time zone NULL;
