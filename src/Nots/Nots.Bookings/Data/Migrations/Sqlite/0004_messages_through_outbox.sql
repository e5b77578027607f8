-- Customer messages are requested through the outbox (Platform.Notifications) in the booking change's own
-- transaction and sent once by the platform with its delivery log: the module's own queue is gone.
DROP INDEX IF EXISTS "IX_bookings_notifications_sent_at_next_attempt_at";
DROP TABLE "bookings_notifications";
