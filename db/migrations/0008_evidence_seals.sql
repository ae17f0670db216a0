CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"report_id" bigint,
	"reason" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "seals" (
	"hour" timestamp with time zone PRIMARY KEY NOT NULL,
	"reports" integer NOT NULL,
	"audit_entries" integer NOT NULL,
	"content" text NOT NULL,
	"sha256" text NOT NULL,
	"prev" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "reports_received_at_idx";--> statement-breakpoint
DROP INDEX "reports_observed_at_idx";--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "seal_salt" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at","id");--> statement-breakpoint
CREATE INDEX "audit_log_report_idx" ON "audit_log" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "reports_received_at_idx" ON "reports" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "reports_observed_at_idx" ON "reports" USING btree ("observed_at","id");