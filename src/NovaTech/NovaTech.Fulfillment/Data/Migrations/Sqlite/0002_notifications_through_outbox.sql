-- Customer messages are requested through the outbox (Platform.Notifications) in the shipment's own transaction:
-- the notices queue and the inbox that fed it are gone.
DROP INDEX IF EXISTS "IX_fulfillment_notices_sent_at_due_at";
DROP TABLE "fulfillment_notices";
DROP TABLE "fulfillment_inbox_messages";
