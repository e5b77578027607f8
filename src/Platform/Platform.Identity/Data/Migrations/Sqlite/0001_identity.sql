CREATE TABLE "identity_data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_identity_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NULL,
    "xml" TEXT NOT NULL
);

CREATE TABLE "identity_refresh_tokens" (
    "id" TEXT NOT NULL CONSTRAINT "PK_identity_refresh_tokens" PRIMARY KEY,
    "token_hash" TEXT NOT NULL,
    "family_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "auth_method" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "revoked_at" INTEGER NULL,
    "replaced_by_id" TEXT NULL
);

CREATE TABLE "identity_roles" (
    "id" TEXT NOT NULL CONSTRAINT "PK_identity_roles" PRIMARY KEY,
    "name" TEXT NULL,
    "normalized_name" TEXT NULL,
    "concurrency_stamp" TEXT NULL
);

CREATE TABLE "identity_signing_keys" (
    "id" TEXT NOT NULL CONSTRAINT "PK_identity_signing_keys" PRIMARY KEY,
    "slot" INTEGER NOT NULL,
    "algorithm" TEXT NOT NULL,
    "public_key" TEXT NOT NULL,
    "protected_private_key" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL
);

CREATE TABLE "identity_users" (
    "id" TEXT NOT NULL CONSTRAINT "PK_identity_users" PRIMARY KEY,
    "name" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "user_name" TEXT NULL,
    "normalized_user_name" TEXT NULL,
    "email" TEXT NULL,
    "normalized_email" TEXT NULL,
    "email_confirmed" INTEGER NOT NULL,
    "password_hash" TEXT NULL,
    "security_stamp" TEXT NULL,
    "concurrency_stamp" TEXT NULL,
    "phone_number" TEXT NULL,
    "phone_number_confirmed" INTEGER NOT NULL,
    "two_factor_enabled" INTEGER NOT NULL,
    "lockout_end" INTEGER NULL,
    "lockout_enabled" INTEGER NOT NULL,
    "access_failed_count" INTEGER NOT NULL
);

CREATE TABLE "identity_role_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_identity_role_claims" PRIMARY KEY AUTOINCREMENT,
    "role_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "FK_identity_role_claims_identity_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "identity_roles" ("id") ON DELETE CASCADE
);

CREATE TABLE "identity_user_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_identity_user_claims" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "FK_identity_user_claims_identity_users_user_id" FOREIGN KEY ("user_id") REFERENCES "identity_users" ("id") ON DELETE CASCADE
);

CREATE TABLE "identity_user_logins" (
    "login_provider" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "provider_display_name" TEXT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "PK_identity_user_logins" PRIMARY KEY ("login_provider", "provider_key"),
    CONSTRAINT "FK_identity_user_logins_identity_users_user_id" FOREIGN KEY ("user_id") REFERENCES "identity_users" ("id") ON DELETE CASCADE
);

CREATE TABLE "identity_user_roles" (
    "user_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    CONSTRAINT "PK_identity_user_roles" PRIMARY KEY ("user_id", "role_id"),
    CONSTRAINT "FK_identity_user_roles_identity_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "identity_roles" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_identity_user_roles_identity_users_user_id" FOREIGN KEY ("user_id") REFERENCES "identity_users" ("id") ON DELETE CASCADE
);

CREATE TABLE "identity_user_tokens" (
    "user_id" TEXT NOT NULL,
    "login_provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NULL,
    CONSTRAINT "PK_identity_user_tokens" PRIMARY KEY ("user_id", "login_provider", "name"),
    CONSTRAINT "FK_identity_user_tokens_identity_users_user_id" FOREIGN KEY ("user_id") REFERENCES "identity_users" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_identity_refresh_tokens_family_id" ON "identity_refresh_tokens" ("family_id");

CREATE UNIQUE INDEX "IX_identity_refresh_tokens_token_hash" ON "identity_refresh_tokens" ("token_hash");

CREATE INDEX "IX_identity_refresh_tokens_user_id" ON "identity_refresh_tokens" ("user_id");

CREATE INDEX "IX_identity_role_claims_role_id" ON "identity_role_claims" ("role_id");

CREATE UNIQUE INDEX "IX_identity_roles_normalized_name" ON "identity_roles" ("normalized_name");

CREATE UNIQUE INDEX "IX_identity_signing_keys_slot" ON "identity_signing_keys" ("slot");

CREATE INDEX "IX_identity_user_claims_user_id" ON "identity_user_claims" ("user_id");

CREATE INDEX "IX_identity_user_logins_user_id" ON "identity_user_logins" ("user_id");

CREATE INDEX "IX_identity_user_roles_role_id" ON "identity_user_roles" ("role_id");

CREATE INDEX "IX_identity_users_normalized_email" ON "identity_users" ("normalized_email");

CREATE UNIQUE INDEX "IX_identity_users_normalized_user_name" ON "identity_users" ("normalized_user_name");
