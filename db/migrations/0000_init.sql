CREATE TYPE "public"."area_level" AS ENUM('province', 'district');--> statement-breakpoint
CREATE TYPE "public"."connection" AS ENUM('mobile', 'fixed');--> statement-breakpoint
CREATE TYPE "public"."isp_kind" AS ENUM('mobile', 'fixed', 'both', 'education');--> statement-breakpoint
CREATE TYPE "public"."problem" AS ENUM('no_connection', 'slow', 'media_fails', 'calls_fail', 'vpn_blocked', 'site_blocked', 'other');--> statement-breakpoint
CREATE TYPE "public"."report_source" AS ENUM('web', 'api', 'offline', 'import');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('counted', 'duplicate', 'rate_limited', 'voided');--> statement-breakpoint
CREATE TABLE "areas" (
	"slug" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"level" "area_level" NOT NULL,
	"parent" text,
	"name_en" text NOT NULL,
	"name_ur" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_secrets" (
	"day" date PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "isps" (
	"slug" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_ur" text NOT NULL,
	"legal_name" text,
	"kind" "isp_kind" NOT NULL,
	"asns" integer[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_counts" (
	"bucket" timestamp with time zone NOT NULL,
	"area" text NOT NULL,
	"isp" text NOT NULL,
	"service" text NOT NULL,
	"connection" "connection" NOT NULL,
	"problem" "problem" NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "report_counts_bucket_area_isp_service_connection_problem_pk" PRIMARY KEY("bucket","area","isp","service","connection","problem")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"area" text NOT NULL,
	"isp" text NOT NULL,
	"service" text NOT NULL,
	"connection" "connection" NOT NULL,
	"problem" "problem" NOT NULL,
	"cell_lat" double precision,
	"cell_lon" double precision,
	"speed_kbps" integer,
	"comment" text,
	"via_vpn" boolean,
	"complaint_ref" text,
	"source" "report_source" NOT NULL,
	"client_key" text NOT NULL,
	"idempotency_key" uuid NOT NULL,
	"status" "report_status" DEFAULT 'counted' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"slug" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_ur" text NOT NULL,
	"category" text NOT NULL,
	"domains" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_area_areas_slug_fk" FOREIGN KEY ("area") REFERENCES "public"."areas"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_isp_isps_slug_fk" FOREIGN KEY ("isp") REFERENCES "public"."isps"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_service_services_slug_fk" FOREIGN KEY ("service") REFERENCES "public"."services"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "areas_code_idx" ON "areas" USING btree ("code");--> statement-breakpoint
CREATE INDEX "areas_parent_idx" ON "areas" USING btree ("parent");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_idempotency_key_idx" ON "reports" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "reports_received_at_idx" ON "reports" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "reports_observed_at_idx" ON "reports" USING btree ("observed_at");