CREATE TABLE "incident_scopes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incident_scopes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"opened_at" timestamp with time zone NOT NULL,
	"last_unusual_at" timestamp with time zone NOT NULL,
	"reports" integer NOT NULL,
	"expected" double precision NOT NULL,
	"peak_at" timestamp with time zone NOT NULL,
	"peak_count" integer NOT NULL,
	"peak_expected" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incidents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"scope_kind" text NOT NULL,
	"scope_key" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"last_unusual_at" timestamp with time zone NOT NULL,
	"reports" integer NOT NULL,
	"expected" double precision NOT NULL,
	"peak_at" timestamp with time zone NOT NULL,
	"peak_count" integer NOT NULL,
	"peak_expected" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_scopes" ADD CONSTRAINT "incident_scopes_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_scopes_scope_start_idx" ON "incident_scopes" USING btree ("kind","key","started_at");--> statement-breakpoint
CREATE INDEX "incident_scopes_incident_idx" ON "incident_scopes" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_scopes_started_at_idx" ON "incident_scopes" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "incidents_started_at_idx" ON "incidents" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "incidents_ongoing_idx" ON "incidents" USING btree ("started_at") WHERE "incidents"."ended_at" is null;