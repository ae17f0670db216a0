import { getFormatter, getTranslations } from "next-intl/server";
import type { Ledger } from "@/db/queries/ledger";
import { env } from "@/lib/env";

/**
 * The filter ledger of a view (db/queries/ledger.ts): received, counted, not
 * counted by reason, the reporters behind the counted reports and the
 * requests refused — on the brief and on every incident page.
 */
export async function LedgerTable({ ledger, headingId }: { ledger: Ledger; headingId: string }) {
  const t = await getTranslations("brief");
  const format = await getFormatter();
  const rows: [key: string, label: string, count: number][] = [
    ["received", t("ledgerReceived"), ledger.received],
    ["counted", t("ledgerCounted"), ledger.counted],
    ["duplicate", t("ledgerNot.duplicate", { minutes: env().DUPLICATE_WINDOW_MINUTES }), ledger.notCounted.duplicate],
    ["rate_limited", t("ledgerNot.rate_limited"), ledger.notCounted.rate_limited],
    ["voided", t("ledgerNot.voided"), ledger.notCounted.voided],
    ["reporters", t("ledgerReporters"), ledger.reporters],
    ["refused", t("ledgerRefused"), ledger.refused],
  ];
  return (
    <table className="data-table ledger" data-testid="ledger" aria-labelledby={headingId}>
      <tbody>
        {rows.map(([key, label, n]) => (
          <tr key={key} data-key={key} data-count={n}>
            <th scope="row">{label}</th>
            <td>{format.number(n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
