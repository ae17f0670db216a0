CREATE TABLE "api_tokens" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"isp" text NOT NULL,
	"label" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" integer NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "delivery_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "delivery_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"notification_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"status" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "isp_orgs" (
	"isp" text PRIMARY KEY NOT NULL,
	"tier" text DEFAULT 'standard' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "isp_statements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "isp_statements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"statement_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"incident_id" bigint NOT NULL,
	"isp" text NOT NULL,
	"status" text NOT NULL,
	"text" text NOT NULL,
	"lang" text NOT NULL,
	"cause" text,
	"restored_at" timestamp with time zone,
	"posted_at" timestamp with time zone NOT NULL,
	"posted_by" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statement_hides" (
	"statement_id" bigint PRIMARY KEY NOT NULL,
	"hidden_at" timestamp with time zone NOT NULL,
	"hidden_by" integer NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "admin_accounts" ADD COLUMN "role" text DEFAULT 'moderator' NOT NULL;--> statement-breakpoint
ALTER TABLE "admin_accounts" ADD COLUMN "isp" text;--> statement-breakpoint
ALTER TABLE "seals" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "seals" ADD COLUMN "statements" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "owner_isp" text;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_isp_isp_orgs_isp_fk" FOREIGN KEY ("isp") REFERENCES "public"."isp_orgs"("isp") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_admin_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."admin_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "isp_orgs" ADD CONSTRAINT "isp_orgs_isp_isps_slug_fk" FOREIGN KEY ("isp") REFERENCES "public"."isps"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "isp_statements" ADD CONSTRAINT "isp_statements_isp_isp_orgs_isp_fk" FOREIGN KEY ("isp") REFERENCES "public"."isp_orgs"("isp") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "isp_statements" ADD CONSTRAINT "isp_statements_posted_by_admin_accounts_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."admin_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_hides" ADD CONSTRAINT "statement_hides_hidden_by_admin_accounts_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."admin_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_isp_idx" ON "api_tokens" USING btree ("isp");--> statement-breakpoint
CREATE INDEX "delivery_attempts_notification_idx" ON "delivery_attempts" USING btree ("notification_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "isp_statements_version_idx" ON "isp_statements" USING btree ("statement_id","version");--> statement-breakpoint
CREATE INDEX "isp_statements_incident_idx" ON "isp_statements" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "isp_statements_posted_idx" ON "isp_statements" USING btree ("posted_at","id");--> statement-breakpoint
ALTER TABLE "admin_accounts" ADD CONSTRAINT "admin_accounts_isp_isps_slug_fk" FOREIGN KEY ("isp") REFERENCES "public"."isps"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_accounts" ADD CONSTRAINT "admin_accounts_role_check" CHECK (("admin_accounts"."role" = 'moderator' and "admin_accounts"."isp" is null) or ("admin_accounts"."role" = 'isp' and "admin_accounts"."isp" is not null));