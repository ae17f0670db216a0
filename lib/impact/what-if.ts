import { ApiError } from "@/lib/errors";
import { CURRENT_INPUTS, findInputs, IMPACT_VERSIONS, type ImpactInputs } from "@/lib/impact/inputs";
import type { WhatIf } from "@/lib/impact/estimate";

// The what-if of an incident's impact panel, as URL parameters: `inputs`
// (a published version) and any term set to one value. Shares and weights
// lie in [0, 1], the loss rate too; days at most a year; the exchange rate
// any positive number. A bad value is a 400 naming it (API) or a notice
// (page); it never silently falls back.

export const WHAT_IF_PARAMS = {
  days: { min: 0, max: 366 },
  lossRate: { min: 0, max: 1 },
  areaShare: { min: 0, max: 1 },
  networkShare: { min: 0, max: 1 },
  serviceWeight: { min: 0, max: 1 },
  severity: { min: 0, max: 1 },
  pkrPerUsd: { min: 0.000001, max: 1_000_000 },
} as const;

export type ImpactQuery = { inputs: ImpactInputs; whatIf: WhatIf };

export function parseImpactQuery(params: URLSearchParams): ImpactQuery {
  const version = params.get("inputs");
  const inputs = version ? findInputs(version) : CURRENT_INPUTS;
  if (!inputs) {
    throw new ApiError(400, "unknown_value", `inputs: no published version ${version} (published: ${IMPACT_VERSIONS.map((v) => v.version).join(", ")})`, "inputs");
  }
  const whatIf: WhatIf = {};
  for (const [name, { min, max }] of Object.entries(WHAT_IF_PARAMS) as [keyof typeof WHAT_IF_PARAMS, { min: number; max: number }][]) {
    const raw = params.get(name);
    if (raw === null || raw.trim() === "") continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new ApiError(400, "invalid_value", `${name}: must be a number from ${min} to ${max}`, name);
    }
    whatIf[name] = value;
  }
  return { inputs, whatIf };
}

/** The URL parameters of a what-if (only what differs from the defaults, and the version), for a permalink. */
export function impactQueryString(q: ImpactQuery): string {
  const p = new URLSearchParams({ inputs: q.inputs.version });
  for (const [k, v] of Object.entries(q.whatIf)) if (v !== undefined) p.set(k, String(v));
  return p.toString();
}
