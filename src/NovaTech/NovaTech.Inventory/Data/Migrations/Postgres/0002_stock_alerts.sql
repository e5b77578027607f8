-- Back-in-stock alerts, and the inbox for the stock events that trigger them.
CREATE TABLE inventory.stock_alerts (
    id uuid NOT NULL,
    sku character varying(64) NOT NULL,
    product_id uuid NOT NULL,
    email character varying(254) NOT NULL,
    product_name character varying(200) NOT NULL,
    slug character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    notified_at timestamp with time zone,
    unsubscribed_at timestamp with time zone,
    version integer NOT NULL,
    CONSTRAINT "PK_stock_alerts" PRIMARY KEY (id)
);

CREATE UNIQUE INDEX "IX_stock_alerts_sku_email" ON inventory.stock_alerts (sku, email) WHERE notified_at IS NULL AND unsubscribed_at IS NULL;

CREATE TABLE inventory.inbox_messages (
    message_id uuid NOT NULL,
    consumer character varying(300) NOT NULL,
    message_type character varying(300) NOT NULL,
    handled_at timestamp with time zone NOT NULL,
    CONSTRAINT "PK_inbox_messages" PRIMARY KEY (message_id, consumer)
);
