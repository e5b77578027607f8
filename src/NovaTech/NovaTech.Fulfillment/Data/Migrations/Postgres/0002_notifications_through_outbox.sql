-- Customer messages are requested through the outbox (Platform.Notifications) in the shipment's own transaction:
-- the notices queue and the inbox that fed it are gone.
DROP TABLE fulfillment.notices;
DROP TABLE fulfillment.inbox_messages;
