ALTER TABLE "sample_widgets" ADD COLUMN "colour" TEXT NULL;
CREATE UNIQUE INDEX "IX_sample_widgets_name" ON "sample_widgets" ("name");
