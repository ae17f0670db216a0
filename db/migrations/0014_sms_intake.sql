ALTER TYPE "public"."report_source" ADD VALUE 'sms';--> statement-breakpoint
ALTER TYPE "public"."report_source" ADD VALUE 'whatsapp';--> statement-breakpoint
CREATE TABLE "intake_conversations" (
	"sender_key" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"fields" jsonb NOT NULL,
	"language" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake_opt_outs" (
	"number_hash" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);
