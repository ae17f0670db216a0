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
  const rows: [string, number][] = [
    [t("ledgerReceived"), ledger.received],
    [t("ledgerCounted"), ledger.counted],
    [t("ledgerNot.duplicate", { minutes: env().DUPLICATE_WINDOW_MINUTES }), ledger.notCounted.duplicate],
    [t("ledgerNot.rate_limited"), ledger.notCounted.rate_limited],
    [t("ledgerNot.voided"), ledger.notCounted.voided],
    [t("ledgerReporters"), ledger.reporters],
    [t("ledgerRefused"), ledger.refused],
  ];
  const keys = ["received", "counted", "duplicate", "rate_limited", "voided", "reporters", "refused"];
  return (
    <table className="data-table ledger" data-testid="ledger" aria-labelledby={headingId}>
      <tbody>
        {rows.map(([label, n], i) => (
          <tr key={keys[i]} data-key={keys[i]} data-count={n}>
            <th scope="row">{label}</th>
            <td>{format.number(n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
