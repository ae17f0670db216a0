-- Rollup rows are updated over and over (count = count + n) while their hour
-- or bucket is current. Free space on each page lets PostgreSQL update a row
-- in place (a HOT update: no index entries written, and the hourly rollup has
-- four indexes), instead of writing a new copy into every index.
ALTER TABLE "report_counts" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "report_counts_hourly" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "report_totals" SET (fillfactor = 70);
