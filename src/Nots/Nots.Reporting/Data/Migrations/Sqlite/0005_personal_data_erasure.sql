-- GDPR: record rows remember that the booking's personal data was erased.
ALTER TABLE "reporting_booking_facts" ADD COLUMN "personal_data_erased_at" INTEGER NULL;
