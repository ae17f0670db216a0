CREATE TABLE "report_totals" (
	"dims" smallint NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "report_totals_dims_bucket_key_pk" PRIMARY KEY("dims","bucket","key")
);
