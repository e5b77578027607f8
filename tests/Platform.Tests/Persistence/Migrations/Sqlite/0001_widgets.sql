CREATE TABLE "sample_widgets" (
    "id" TEXT NOT NULL CONSTRAINT "PK_sample_widgets" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "price_pence" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL
);
