-- Notification requests arrive as integration events from every module's outbox: the inbox makes each one send once.
CREATE TABLE notifications.inbox_messages (
    message_id uuid NOT NULL, consumer character varying(300) NOT NULL,
    message_type character varying(300) NOT NULL, handled_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY (message_id, consumer));
