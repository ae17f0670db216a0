CREATE TABLE "export_digests" (
	"key" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"bytes" bigint NOT NULL,
	"rows" integer NOT NULL,
	"audit_id" bigint NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
