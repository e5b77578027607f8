-- Customer messages are requested through the outbox (Platform.Notifications) in the booking change's own
-- transaction and sent once by the platform with its delivery log: the module's own queue is gone.
DROP TABLE bookings.notifications;
