-- The statutory record's hirer and allocation fields, projected from TransferBooked and DriverAssigned.
ALTER TABLE "reporting_booking_facts" ADD COLUMN "hirer_name" TEXT NULL;
ALTER TABLE "reporting_booking_facts" ADD COLUMN "driver_name" TEXT NULL;
ALTER TABLE "reporting_booking_facts" ADD COLUMN "badge_number" TEXT NULL;
ALTER TABLE "reporting_booking_facts" ADD COLUMN "vehicle_registration" TEXT NULL;
ALTER TABLE "reporting_booking_facts" ADD COLUMN "plate_number" TEXT NULL;
ALTER TABLE "reporting_booking_facts" ADD COLUMN "allocated_at" INTEGER NULL;
ALTER TABLE "reporting_booking_facts" ADD COLUMN "dispatcher" TEXT NULL;
