CREATE TABLE "rollup_pending" (
	"bucket" timestamp with time zone NOT NULL,
	"area" text NOT NULL,
	"isp" text NOT NULL,
	"service" text NOT NULL,
	"connection" "connection" NOT NULL,
	"problem" "problem" NOT NULL,
	"count" integer NOT NULL
);
