import { getFormatter } from "next-intl/server";
import type { BreakdownRow } from "@/db/queries/breakdown";
import type { BriefDimension } from "@/db/queries/brief";

/** How many rows of each breakdown a printed page has room for; the rest is one "others" row. */
export const BREAKDOWN_LIMITS: Record<BriefDimension, number> = { isp: 10, service: 10, area: 15, connection: 2, problem: 7 };

/** One breakdown as a table: the largest values, then the rest summed, then the total. */
export async function BriefTable({ dimension, rows, limit, locale, title, labels }: {
  dimension: BriefDimension;
  rows: BreakdownRow[];
  limit: number;
  locale: string;
  title: string;
  labels: { name: string; reports: string; share: string; empty: string; others: (n: string) => string };
}) {
  const format = await getFormatter();
  const shown = rows.slice(0, limit);
  const rest = rows.slice(limit);
  const restCount = rest.reduce((n, r) => n + r.count, 0);
  const restShare = rest.reduce((n, r) => n + r.share, 0);
  const percent = (share: number) => format.number(share, { style: "percent", maximumFractionDigits: 1 });
  return (
    <section className="brief-table" data-testid={`brief-breakdown-${dimension}`}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="empty">{labels.empty}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{labels.name}</th>
              <th scope="col">{labels.reports}</th>
              <th scope="col">{labels.share}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.key} data-key={r.key} data-count={r.count}>
                <th scope="row">{locale === "ur" ? r.nameUr : r.name}</th>
                <td>{format.number(r.count)}</td>
                <td>{percent(r.share)}</td>
              </tr>
            ))}
            {rest.length > 0 ? (
              <tr data-key="others" data-count={restCount}>
                <th scope="row">{labels.others(format.number(rest.length))}</th>
                <td>{format.number(restCount)}</td>
                <td>{percent(restShare)}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      )}
    </section>
  );
}
