-- Append-only audit log of staff actions, fed by the modules' integration events.
CREATE TABLE "reporting_audit_entries" (
    "id" TEXT NOT NULL CONSTRAINT "PK_reporting_audit_entries" PRIMARY KEY,
    "occurred_at" INTEGER NOT NULL,
    "actor_user_id" TEXT NULL,
    "action" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "before_json" TEXT NULL,
    "after_json" TEXT NULL);
CREATE INDEX "IX_reporting_audit_entries_occurred_at_id" ON "reporting_audit_entries" ("occurred_at", "id");
CREATE INDEX "IX_reporting_audit_entries_subject_type_subject_id" ON "reporting_audit_entries" ("subject_type", "subject_id");
CREATE INDEX "IX_reporting_audit_entries_actor_user_id" ON "reporting_audit_entries" ("actor_user_id");
