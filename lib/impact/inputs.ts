import { z } from "zod";
import v20261207 from "@/reference/impact/2026-12-07.json";

// The inputs of the economic-impact estimate, versioned (reference/impact/).
// A published version is never edited: a brief or a permalink names the
// version it used (`inputs=`), and must give the same figure next year.
// tests/unit/impact.test.ts pins each version's digest.

const range = z.object({ low: z.number().min(0), central: z.number().min(0), high: z.number().min(0) }).refine((r) => r.low <= r.central && r.central <= r.high, "low ≤ central ≤ high");

const inputsSchema = z.object({
  version: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  gdpUsd: z.object({ value: z.number().positive(), year: z.number().int(), source: z.string() }),
  pkrPerUsd: z.object({ value: z.number().positive(), date: z.string(), source: z.string() }),
  lossRate: range.and(z.object({ source: z.string() })),
  areaShares: z.object({ source: z.string(), provinces: z.record(z.string(), range), districtSource: z.string() }),
  networkShares: z.object({
    all: range,
    mobile: range.and(z.object({ source: z.string() })),
    fixed: range.and(z.object({ source: z.string() })),
    operators: z.record(z.string(), z.number().min(0).max(1)),
    operatorSource: z.string(),
    dualSimLow: z.number().min(0).max(1),
  }),
  serviceWeights: z.object({ source: z.string(), full: range, slow: range, platform: range, media: range, vpn: range }),
  itExports: z.object({ valueUsd: z.number().positive(), year: z.string(), share: range, source: z.string() }),
});

export type ImpactInputs = z.infer<typeof inputsSchema>;
export type Range = { low: number; central: number; high: number };

/** Every published version, oldest first; the last is the current one. */
export const IMPACT_VERSIONS: readonly ImpactInputs[] = [v20261207].map((v) => inputsSchema.parse(v));
export const CURRENT_INPUTS = IMPACT_VERSIONS[IMPACT_VERSIONS.length - 1]!;

export const findInputs = (version: string): ImpactInputs | undefined => IMPACT_VERSIONS.find((v) => v.version === version);
