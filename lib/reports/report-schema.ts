import { z } from "zod";
import { findArea, findIsp, findService, isDistrict, provinceOf } from "@/lib/reference";
import { isInProvince } from "@/lib/geo/provinces";
import { isProbeDomain } from "@/lib/reference/probe-domains";
import { MAX_PROBE_MS, MAX_PROBES, type Probe } from "@/lib/reports/probes";
import {
  CONNECTIONS,
  FUTURE_TOLERANCE_MS,
  MAX_COMMENT_LENGTH,
  MAX_COMPLAINT_REF_LENGTH,
  MAX_REPORT_AGE_HOURS,
  MAX_SPEED_KBPS,
  PROBLEMS,
  type Connection,
  type Problem,
} from "@/lib/reports/vocabulary";

// One schema for the API and the form. Each message is an error code that
// messages/<locale>.json turns into words ("errors.<code>"), so the form shows
// it in the page's language and the API in English.

// Each check aborts on failure so a field reports its first problem only.
const slug = (exists: (s: string) => boolean, unknownCode: string) =>
  z
    .string({ error: (i) => (i.input === undefined ? "required" : "invalid") })
    .trim()
    .min(1, { error: "required", abort: true })
    .refine(exists, { error: unknownCode, abort: true });

const optionalText = (max: number) =>
  z
    .string({ error: "invalid" })
    // PostgreSQL text cannot hold NUL; found by the fuzz tests (a 503 before).
    .refine((s) => !s.includes("\u0000"), { error: "invalid", abort: true })
    .trim()
    .max(max, "too_long")
    .optional()
    .transform((v) => (v ? v : undefined));

export const reportBodySchema = z.strictObject(
  {
    area: slug((s) => findArea(s) !== undefined, "unknown_area").refine(isDistrict, "not_a_district"),
    isp: slug((s) => findIsp(s) !== undefined, "unknown_isp"),
    connection: z.enum(CONNECTIONS, { error: (i) => (i.input === undefined ? "required" : "unknown_connection") }),
    service: slug((s) => findService(s) !== undefined, "unknown_service"),
    problem: z.enum(PROBLEMS, { error: (i) => (i.input === undefined ? "required" : "unknown_problem") }),
    observedAt: z.iso.datetime({ offset: true, error: "invalid_time" }).optional(),
    location: z
      .strictObject(
        {
          lat: z.number({ error: "invalid_location" }).min(-90, "invalid_location").max(90, "invalid_location"),
          lon: z.number({ error: "invalid_location" }).min(-180, "invalid_location").max(180, "invalid_location"),
        },
        { error: "invalid_location" },
      )
      .optional(),
    speedKbps: z
      .number({ error: "invalid_speed" })
      .int("invalid_speed")
      .min(0, "invalid_speed")
      .max(MAX_SPEED_KBPS, "invalid_speed")
      .optional(),
    probes: z
      .array(
        z.strictObject(
          {
            domain: z.string({ error: "invalid_probe" }).refine(isProbeDomain, { error: "unknown_domain", abort: true }),
            ok: z.boolean({ error: "invalid_probe" }),
            ms: z.number({ error: "invalid_probe" }).int("invalid_probe").min(0, "invalid_probe").max(MAX_PROBE_MS, "invalid_probe"),
          },
          { error: (i) => (i.code === "unrecognized_keys" ? "unknown_field" : "invalid_probe") },
        ),
        { error: "invalid_probe" },
      )
      .max(MAX_PROBES, "too_many_probes")
      .optional(),
    comment: optionalText(MAX_COMMENT_LENGTH),
    viaVpn: z.boolean({ error: "invalid" }).optional(),
    complaintRef: optionalText(MAX_COMPLAINT_REF_LENGTH),
    clientReportId: z.uuid({ error: "invalid_client_report_id" }).optional(),
  },
  { error: (i) => (i.code === "unrecognized_keys" ? "unknown_field" : "invalid_body") },
);

export type ReportBody = z.input<typeof reportBodySchema>;

export type ValidReport = {
  area: string;
  isp: string;
  service: string;
  connection: Connection;
  problem: Problem;
  observedAt: Date;
  location?: { lat: number; lon: number };
  speedKbps?: number;
  /** The browser's reach tests of service domains (lib/reports/probes.ts). */
  probes?: Probe[];
  comment?: string;
  viaVpn?: boolean;
  complaintRef?: string;
  clientReportId?: string;
};

export type FieldIssue = { field: string; code: string };

export type ParseResult = { ok: true; report: ValidReport } | { ok: false, issues: FieldIssue[] };

/** Validates a report body against the reference data and the clock. */
export function parseReport(input: unknown, now: Date = new Date()): ParseResult {
  const parsed = reportBodySchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => {
      if (i.code === "unrecognized_keys") return { field: [...i.path.map(String), i.keys[0] ?? ""].join("."), code: "unknown_field" };
      return { field: i.path.map(String).join("."), code: i.message };
    });
    return { ok: false, issues };
  }
  const body = parsed.data;
  const issues: FieldIssue[] = [];
  const observedAt = body.observedAt ? new Date(body.observedAt) : now;
  if (observedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    issues.push({ field: "observedAt", code: "in_future" });
  } else if (now.getTime() - observedAt.getTime() > MAX_REPORT_AGE_HOURS * 3600_000) {
    issues.push({ field: "observedAt", code: "too_old" });
  }
  if (body.location) {
    const province = provinceOf(body.area);
    if (!province || !isInProvince(body.location, province.slug)) {
      issues.push({ field: "location", code: "outside_province" });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    report: {
      area: body.area,
      isp: body.isp,
      service: body.service,
      connection: body.connection,
      problem: body.problem,
      // A report from a phone a minute fast is "now", never the future.
      observedAt: observedAt.getTime() > now.getTime() ? now : observedAt,
      location: body.location,
      speedKbps: body.speedKbps,
      probes: body.probes,
      comment: body.comment,
      viaVpn: body.viaVpn,
      complaintRef: body.complaintRef,
      clientReportId: body.clientReportId,
    },
  };
}
