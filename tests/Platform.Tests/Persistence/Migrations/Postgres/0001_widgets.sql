CREATE SCHEMA IF NOT EXISTS sample;
CREATE TABLE sample.widgets (
    id uuid NOT NULL,
    name character varying(100) NOT NULL,
    price_pence bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT "PK_widgets" PRIMARY KEY (id)
);
