-- Back-in-stock alerts, and the inbox for the stock events that trigger them.
CREATE TABLE "inventory_stock_alerts" (
    "id" TEXT NOT NULL CONSTRAINT "PK_inventory_stock_alerts" PRIMARY KEY,
    "sku" TEXT NOT NULL,
    "product_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "product_name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "notified_at" INTEGER NULL,
    "unsubscribed_at" INTEGER NULL,
    "version" INTEGER NOT NULL
);

CREATE UNIQUE INDEX "IX_inventory_stock_alerts_sku_email" ON "inventory_stock_alerts" ("sku", "email") WHERE notified_at IS NULL AND unsubscribed_at IS NULL;

CREATE TABLE "inventory_inbox_messages" (
    "message_id" TEXT NOT NULL,
    "consumer" TEXT NOT NULL,
    "message_type" TEXT NOT NULL,
    "handled_at" INTEGER NOT NULL,
    CONSTRAINT "PK_inventory_inbox_messages" PRIMARY KEY ("message_id", "consumer")
);
