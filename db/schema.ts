// The one Drizzle schema (drizzle-kit reads this file), in four parts by
// responsibility.
export * from "./schema/reports";
export * from "./schema/operations";
export * from "./schema/moderation";
export * from "./schema/evidence";
