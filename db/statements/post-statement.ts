import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getIncidentSummary } from "@/db/incidents/summaries";
import { ispOrgs, ispStatements } from "@/db/schema";
import { nextStatementRowId, refuseSealedHour } from "@/db/statements/write-version";
import { touchesIsp } from "@/lib/isp-desk/touches";
import { MAX_STATEMENTS_PER_INCIDENT, StatementRefused } from "@/lib/statements/statement-errors";
import type { StatementInput } from "@/lib/statements/statement-input";

/** Who posts: a member of an ISP's staff (app/[locale]/admin/moderator.ts requireIspStaff). */
export type StatementAccount = { accountId: number; isp: string };

export type PostedVersion = { statementId: number; version: number; rowId: number };

/**
 * An ISP's statement on an incident, as its first version. Refused
 * (StatementRefused) when the incident does not exist or does not touch the
 * ISP's network by the same rule as its desk and its webhooks
 * (lib/isp-desk/touches.ts): a provider answers for its own network only.
 * `input` has passed lib/statements/statement-input.ts.
 */
export async function postStatement(
  db: Db,
  { account, incidentId, input }: { account: StatementAccount; incidentId: number; input: StatementInput },
  now: Date,
): Promise<PostedVersion> {
  const incident = await getIncidentSummary(db, incidentId);
  if (!incident) throw new StatementRefused("incident_not_found", `incidentId: no incident ${incidentId}`);
  if (!touchesIsp(incident.scopes, account.isp)) throw new StatementRefused("not_your_incident", `incidentId: incident ${incidentId} does not touch ${account.isp}`);
  return db.transaction(async (tx) => {
    // The ISP's row, locked: two posts at once count one after the other.
    await tx.select({ isp: ispOrgs.isp }).from(ispOrgs).where(eq(ispOrgs.isp, account.isp)).for("update");
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(ispStatements)
      .where(and(eq(ispStatements.isp, account.isp), eq(ispStatements.incidentId, incidentId), eq(ispStatements.version, 1)));
    if (Number(n) >= MAX_STATEMENTS_PER_INCIDENT) throw new StatementRefused("too_many_statements", `incidentId: at most ${MAX_STATEMENTS_PER_INCIDENT} statements on one incident; edit one instead`);
    const id = await nextStatementRowId(tx);
    await tx
      .insert(ispStatements)
      .overridingSystemValue()
      .values({ id, statementId: id, version: 1, incidentId, isp: account.isp, ...input, postedAt: now, postedBy: account.accountId });
    await refuseSealedHour(tx, now);
    return { statementId: id, version: 1, rowId: id };
  });
}
