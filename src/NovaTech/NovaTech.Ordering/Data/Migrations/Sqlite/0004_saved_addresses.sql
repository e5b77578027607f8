-- Delivery addresses customers keep in their account.
CREATE TABLE "ordering_saved_addresses" (
    "id" TEXT NOT NULL CONSTRAINT "PK_ordering_saved_addresses" PRIMARY KEY,
    "customer_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "line1" TEXT NOT NULL,
    "line2" TEXT NULL,
    "city" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE INDEX "IX_ordering_saved_addresses_customer_id_created_at" ON "ordering_saved_addresses" ("customer_id", "created_at");
