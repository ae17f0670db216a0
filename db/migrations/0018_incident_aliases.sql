CREATE TABLE "incident_aliases" (
	"old_id" bigint PRIMARY KEY NOT NULL,
	"new_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "incident_aliases_new_idx" ON "incident_aliases" USING btree ("new_id");