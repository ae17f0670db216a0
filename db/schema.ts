// The one Drizzle schema (drizzle-kit reads this file), in parts by
// responsibility.
export * from "./schema/reports";
export * from "./schema/operations";
export * from "./schema/moderation";
export * from "./schema/evidence";
export * from "./schema/intake";
export * from "./schema/alerts";
export * from "./schema/isp-desk";
