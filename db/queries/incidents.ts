import "server-only";

// The incident read models for pages and routes (db/incidents/summaries.ts).
export * from "@/db/incidents/summaries";
