import { getFormatter, getTranslations } from "next-intl/server";
import type { AuditRow } from "@/db/queries/audit-log";
import { Link } from "@/i18n/navigation";
import { env } from "@/lib/env";
import { AUDIT_ACTIONS } from "@/lib/moderation/vocabulary";

/** Audit entries as a table: when, who, what, which report, why. */
export async function AuditTable({ entries, caption, showReport = true }: { entries: AuditRow[]; caption: string; showReport?: boolean }) {
  const t = await getTranslations("admin.audit");
  const tStatements = await getTranslations("Statements");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "medium", timeZone: env().DISPLAY_TIME_ZONE });
  // A provider's statement hidden: its words live with the statements' (messages Statements.*).
  const action = (a: string) =>
    a === "hide_statement" ? tStatements("auditAction") : (AUDIT_ACTIONS as readonly string[]).includes(a) ? t(`actions.${a}` as "actions.void") : a;
  const statement = (details: AuditRow["details"]) => (typeof details?.statement === "number" ? tStatements("auditStatement", { id: details.statement }) : null);
  const from = (details: AuditRow["details"]) => (typeof details?.from === "string" ? t(`from.${details.from}` as "from.pending") : null);
  const account = (details: AuditRow["details"]) => (typeof details?.account === "string" ? details.account : null);
  return (
    <div className="table-scroll">
      <table className="data-table audit-table" data-testid="audit-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("when")}</th>
            <th scope="col">{t("who")}</th>
            <th scope="col">{t("what")}</th>
            {showReport ? <th scope="col">{t("report")}</th> : null}
            <th scope="col">{t("reason")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-action={e.action}>
              <td className="nowrap">{when(e.at)}</td>
              <td>
                {e.username ? (
                  <bdi>
                    {e.username} <span className="muted">({e.actor})</span>
                  </bdi>
                ) : e.actor === "command-line" ? (
                  t("commandLine")
                ) : (
                  e.actor
                )}
              </td>
              <td>
                {action(e.action)}
                {from(e.details) ? <span className="muted"> · {from(e.details)}</span> : null}
                {statement(e.details) ? <span className="muted"> · {statement(e.details)}</span> : null}
                {account(e.details) ? (
                  <span className="muted">
                    {" · "}
                    <bdi>{account(e.details)}</bdi>
                  </span>
                ) : null}
              </td>
              {showReport ? (
                <td>{e.reportId !== null ? <Link href={{ pathname: "/admin/reports", query: { id: String(e.reportId) } }}>#{e.reportId}</Link> : "—"}</td>
              ) : null}
              <td>
                {e.reason ? <bdi>{e.reason}</bdi> : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
