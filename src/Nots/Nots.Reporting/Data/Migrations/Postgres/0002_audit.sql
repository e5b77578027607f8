-- Append-only audit log of staff actions, fed by the modules' integration events.
CREATE TABLE reporting.audit_entries (
    id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    actor_user_id uuid NULL,
    action character varying(100) NOT NULL,
    subject_type character varying(40) NOT NULL,
    subject_id character varying(100) NOT NULL,
    summary character varying(500) NOT NULL,
    before_json text NULL,
    after_json text NULL,
    CONSTRAINT "PK_audit_entries" PRIMARY KEY (id));
CREATE INDEX "IX_audit_entries_occurred_at_id" ON reporting.audit_entries (occurred_at, id);
CREATE INDEX "IX_audit_entries_subject_type_subject_id" ON reporting.audit_entries (subject_type, subject_id);
CREATE INDEX "IX_audit_entries_actor_user_id" ON reporting.audit_entries (actor_user_id);
