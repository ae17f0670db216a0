import { createHash, createHmac, randomBytes } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { GroupCommit } from "@/db/ingest";
import { getStatuses, type StatusDimension } from "@/db/queries/status";
import { intakeConversations, intakeOptOuts } from "@/db/schema";
import { dailySecret, keptSecret } from "@/db/secrets";
import { ApiError } from "@/lib/errors";
import { parseFilters } from "@/lib/filters";
import { CONVERSATION_MS } from "@/lib/intake/conversation";
import { mergeFields, parseMessage, type ParsedFields } from "@/lib/intake/message-parser";
import { mayReply, type InboundMessage } from "@/lib/intake/payloads";
import {
  askReply,
  helpReply,
  limitedReply,
  recordedReply,
  startReply,
  statusReply,
  stopReply,
  unreadableReply,
  type ReplyLanguage,
} from "@/lib/intake/replies";
import { clientKey } from "@/lib/privacy/client-key";
import { findIsp } from "@/lib/reference";
import { parseReport } from "@/lib/reports/report-schema";
import type { Connection, Problem } from "@/lib/reports/vocabulary";

// One text message from a gateway, turned into a report (or an answer) on
// the same path as the web form: the report is validated by the same schema
// and stored by the same group commit, with its duplicate and flood rules
// keyed by the sender key, as a web report's are by its client key. The
// phone number is used for two HMACs and the reply, then forgotten: never
// stored, never logged; the text is not kept, only the fields parsed from it.


export type InboundOutcome = "recorded" | "asked" | "unreadable" | "help" | "stop" | "start" | "status" | "limited" | "ignored";
export type InboundResult = { outcome: InboundOutcome; reply: string | null; reportId?: number };

const OPT_OUT_SECRET = "intake.opt-out-secret";

export async function handleInbound(db: Db, ingest: GroupCommit, message: InboundMessage, now = new Date()): Promise<InboundResult> {
  const number = message.from.replace(/[^\dA-Za-z.]/g, "");
  const senderKey = clientKey(`${message.channel}:${number}`, await dailySecret(db, now));
  const numberHash = createHmac("sha256", await optOutSecret(db)).update(`${message.channel}:${number}`).digest("hex").slice(0, 32);
  const parsed = parseMessage(message.text);
  let lang: ReplyLanguage = parsed.language;
  const [optedOut] = await db.select().from(intakeOptOuts).where(eq(intakeOptOuts.numberHash, numberHash));
  const reply = (text: string, outcome: InboundOutcome, reportId?: number): InboundResult => ({
    outcome,
    reply: optedOut || !mayReply(message) ? null : text,
    ...(reportId !== undefined ? { reportId } : {}),
  });

  if (parsed.kind === "command") {
    switch (parsed.command) {
      case "stop":
        await db.insert(intakeOptOuts).values({ numberHash, at: now }).onConflictDoNothing();
        return reply(stopReply(lang), "stop");
      case "start":
        await db.delete(intakeOptOuts).where(eq(intakeOptOuts.numberHash, numberHash));
        return { outcome: "start", reply: mayReply(message) ? startReply(lang) : null };
      case "help":
        return reply(helpReply(lang), "help");
      case "status":
        if (!parsed.fields.isp && !parsed.fields.service && !parsed.fields.area) return reply(helpReply(lang), "help");
        return reply(await status(db, parsed.fields, lang, now), "status");
    }
  }

  const since = new Date(now.getTime() - CONVERSATION_MS);
  const [earlier] = await db
    .select()
    .from(intakeConversations)
    .where(and(eq(intakeConversations.senderKey, senderKey), gt(intakeConversations.updatedAt, since)));
  // A follow-up such as "islamabad" reads as English: answer in the language the conversation began in.
  if (earlier && lang === "en") lang = earlier.language as ReplyLanguage;
  const found = parsed.kind === "report" ? parsed.fields : {};
  if (!recognised(found) && (!earlier || !recognised(earlier.fields as ParsedFields))) {
    // Never two "could not read that" in a row: an automatic sender answering each reply would loop, and each message costs.
    if (earlier) return { outcome: "unreadable", reply: null };
    await db.insert(intakeConversations).values({ senderKey, channel: message.channel, fields: {}, language: lang, updatedAt: now }).onConflictDoNothing();
    return reply(unreadableReply(lang), "unreadable");
  }
  const fields = earlier ? mergeFields(earlier.fields as ParsedFields, found) : found;
  const missing = (["isp", "area"] as const).filter((f) => !fields[f]);
  if (missing.length > 0) {
    await db
      .insert(intakeConversations)
      .values({ senderKey, channel: message.channel, fields, language: lang, updatedAt: now })
      .onConflictDoUpdate({ target: intakeConversations.senderKey, set: { fields, language: lang, updatedAt: now } });
    return reply(askReply(lang, missing), "asked");
  }

  const service = fields.service ?? "internet";
  const report = parseReport(
    {
      area: fields.area,
      isp: fields.isp,
      service,
      problem: fields.problem ?? defaultProblem(service),
      connection: fields.connection ?? defaultConnection(fields.isp!),
      // A phone's clock may run fast: never later than now.
      ...(message.receivedAt ? { observedAt: new Date(Math.min(message.receivedAt.getTime(), now.getTime())).toISOString() } : {}),
      // Gateways retry: the same gateway message is the same report.
      clientReportId: uuidFrom(`${message.gateway}:${message.messageId}`),
    },
    now,
  );
  if (!report.ok) return reply(unreadableReply(lang), "unreadable");
  try {
    const result = await ingest.submit({ report: report.report, source: message.channel, clientKey: senderKey });
    await db.delete(intakeConversations).where(eq(intakeConversations.senderKey, senderKey));
    return reply(recordedReply(lang, { isp: fields.isp!, area: fields.area!, service }, result.nearby), "recorded", result.id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 429) return reply(limitedReply(lang), "limited");
    throw error;
  }
}

const recognised = (f: ParsedFields) => !!(f.isp || f.area || f.service || f.problem);

/** A text that names no problem says the service is not working; for VPNs, that they are blocked. */
const defaultProblem = (service: string): Problem => (service === "vpn" ? "vpn_blocked" : "no_connection");

/** A text rarely says how it connects: a fixed-line provider's customers are on fixed lines, everyone else on mobile data. */
const defaultConnection = (isp: string): Connection => (findIsp(isp)?.kind === "fixed" ? "fixed" : "mobile");

/** A UUID (version 5 layout) from the gateway's message id, so a retried delivery replays the stored report. */
export function uuidFrom(id: string): string {
  const h = createHash("sha256").update(`disruption-watch intake\n${id}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The opt-out list's secret: made once and kept (unlike the daily one), so STOP does not lapse at midnight. */
const optOutSecret = (db: Db) => keptSecret(db, OPT_OUT_SECRET, () => randomBytes(32).toString("hex"));

/** STATUS <provider or service> <place>: the last hour against typical, as the status tables count it. */
async function status(db: Db, f: ParsedFields, lang: ReplyLanguage, now: Date): Promise<string> {
  const dimension: StatusDimension = f.service ? "service" : f.isp ? "isp" : "area";
  const params = new URLSearchParams();
  if (f.area) params.set("area", f.area);
  if (f.isp && dimension !== "isp") params.set("isp", f.isp);
  const filters = parseFilters(params, now);
  const key = dimension === "service" ? f.service : dimension === "isp" ? f.isp : f.area;
  const row = (await getStatuses(db, filters, dimension, { now })).find((r) => r.key === key);
  return statusReply(lang, { isp: f.isp, service: f.service, area: f.area }, row ?? { current: 0, expected: 0, level: "unknown" });
}

