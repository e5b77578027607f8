CREATE TABLE "pricing_tariffs" (
    "version_number" INTEGER NOT NULL CONSTRAINT "PK_pricing_tariffs" PRIMARY KEY,
    "version" TEXT NOT NULL,
    "definition_json" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "is_current" INTEGER NOT NULL
);
CREATE UNIQUE INDEX "IX_pricing_tariffs_is_current" ON "pricing_tariffs" ("is_current") WHERE is_current;
CREATE UNIQUE INDEX "IX_pricing_tariffs_version" ON "pricing_tariffs" ("version");
CREATE TABLE "pricing_quotes" (
    "id" TEXT NOT NULL CONSTRAINT "PK_pricing_quotes" PRIMARY KEY,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "tariff_version" TEXT NOT NULL,
    "pickup_at_utc" INTEGER NOT NULL,
    "request_json" TEXT NOT NULL,
    "result_json" TEXT NOT NULL
);
