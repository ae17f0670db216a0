CREATE TABLE "rate_limit_hits" (
	"client_key" text NOT NULL,
	"window" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL,
	CONSTRAINT "rate_limit_hits_client_key_window_window_start_pk" PRIMARY KEY("client_key","window","window_start")
);
--> statement-breakpoint
CREATE TABLE "refusals" (
	"hour" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "refusals_hour_reason_pk" PRIMARY KEY("hour","reason")
);
--> statement-breakpoint
CREATE INDEX "rate_limit_hits_window_start_idx" ON "rate_limit_hits" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "reports_client_counted_idx" ON "reports" USING btree ("client_key","received_at") WHERE "reports"."status" = 'counted';