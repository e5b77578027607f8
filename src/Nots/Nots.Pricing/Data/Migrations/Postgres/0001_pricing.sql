CREATE SCHEMA IF NOT EXISTS pricing;
CREATE TABLE pricing.tariffs (
    version_number integer NOT NULL,
    version character varying(32) NOT NULL,
    definition_json text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by character varying(100) NOT NULL,
    is_current boolean NOT NULL,
    CONSTRAINT "PK_tariffs" PRIMARY KEY (version_number)
);
CREATE UNIQUE INDEX "IX_tariffs_is_current" ON pricing.tariffs (is_current) WHERE is_current;
CREATE UNIQUE INDEX "IX_tariffs_version" ON pricing.tariffs (version);
CREATE TABLE pricing.quotes (
    id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    tariff_version character varying(32) NOT NULL,
    pickup_at_utc timestamp with time zone NOT NULL,
    request_json text NOT NULL,
    result_json text NOT NULL,
    CONSTRAINT "PK_quotes" PRIMARY KEY (id)
);
