import fs from "node:fs";
import path from "node:path";
import { ISPS } from "@/lib/reference";
import { SignalShapeError, type Signal, type SourceClient, type SourceRequest } from "@/lib/signals/types";

// The three measured-signal sources against the responses recorded or rebuilt
// in tests/fixtures/signals (see its README), each trap of the research notes
// (/work/shared/research/corroboration.md §4.3), and the fetch wrapper against a
// real local HTTP server. This module holds what the test files here share.

export const FIXTURES = path.resolve(__dirname, "../../fixtures/signals");
export const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));

export const FROM = new Date("2024-08-18T00:00:00Z");
export const TO = new Date("2024-08-25T00:00:00Z");
export const TOKEN = "cf-secret-token-123";
export const BASE = "http://127.0.0.1:9/base";
export const OPTIONS = { baseUrl: BASE, token: TOKEN };

export function requestFor(client: SourceClient, entity: string, metric: string | null = null): SourceRequest {
  const found = client.requests(FROM, TO, OPTIONS).find((r) => r.entity === entity && (metric === null || r.metric === metric));
  if (!found) throw new Error(`no ${client.source} request for ${entity} ${metric ?? ""}`);
  return found;
}

export const at = (signals: Signal[], entity: string, metric: string, iso: string) =>
  signals.find((s) => s.entity === entity && s.metric === metric && s.t.toISOString() === iso);

export const PK_ASNS = [...new Set(ISPS.flatMap((i) => i.asns))];

export function shapeError(run: () => unknown): SignalShapeError {
  try {
    run();
  } catch (error) {
    if (error instanceof SignalShapeError) return error;
    throw error;
  }
  throw new Error("expected a SignalShapeError");
}
