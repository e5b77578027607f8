ALTER TABLE sample.widgets ADD COLUMN colour text NULL;
CREATE UNIQUE INDEX "IX_widgets_name" ON sample.widgets (name);
