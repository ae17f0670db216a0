CREATE TABLE "kept_figures" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"audit_id" bigint NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
