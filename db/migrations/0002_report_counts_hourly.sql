CREATE TABLE "report_counts_hourly" (
	"dims" smallint NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"area" text NOT NULL,
	"isp" text NOT NULL,
	"service" text NOT NULL,
	"connection" text NOT NULL,
	"problem" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "report_counts_hourly_dims_bucket_area_isp_service_connection_problem_pk" PRIMARY KEY("dims","bucket","area","isp","service","connection","problem")
);
--> statement-breakpoint
CREATE INDEX "report_counts_hourly_isp_idx" ON "report_counts_hourly" USING btree ("dims","isp","bucket");--> statement-breakpoint
CREATE INDEX "report_counts_hourly_service_idx" ON "report_counts_hourly" USING btree ("dims","service","bucket");--> statement-breakpoint
CREATE INDEX "report_counts_hourly_area_idx" ON "report_counts_hourly" USING btree ("dims","area","bucket");