CREATE TABLE "signals" (
	"source" text NOT NULL,
	"metric" text NOT NULL,
	"entity" text NOT NULL,
	"t" timestamp with time zone NOT NULL,
	"step_seconds" integer NOT NULL,
	"value" double precision NOT NULL,
	"baseline" double precision,
	"sample_size" integer,
	"url" text NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "signals_source_metric_entity_t_pk" PRIMARY KEY("source","metric","entity","t")
);
--> statement-breakpoint
CREATE INDEX "signals_entity_t_idx" ON "signals" USING btree ("entity","t");