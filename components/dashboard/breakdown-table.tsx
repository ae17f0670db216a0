import { getFormatter, getLocale } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import * as cached from "@/db/queries/cached";
import type { Dimension, Filters } from "@/lib/filters";
import { findArea } from "@/lib/reference";

const PAGE_OF: Partial<Record<Dimension, string>> = { service: "/service", isp: "/isp", area: "/area" };

/** One dimension's counts, largest first, each linking to its own page. */
export async function BreakdownTable({ filters, dimension, title, labels, limit = 8, query = "" }: {
  filters: Filters;
  dimension: Dimension;
  title: string;
  labels: { name: string; reports: string; share: string; empty: string };
  limit?: number;
  query?: string;
}) {
  const locale = await getLocale();
  const format = await getFormatter();
  const rows = await cached.breakdown(filters, dimension, limit);
  const page = PAGE_OF[dimension];
  return (
    <section className="card breakdown" data-testid={`breakdown-${dimension}`}>
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
            {rows.map((r) => {
              const name = locale === "ur" ? r.nameUr : r.name;
              const linkable = page && (dimension !== "area" || findArea(r.key));
              return (
                <tr key={r.key} data-key={r.key} data-count={r.count}>
                  <td>{linkable ? <Link href={`${page}/${r.key}${query ? `?${query}` : ""}`}>{name}</Link> : name}</td>
                  <td>{format.number(r.count)}</td>
                  <td>
                    <span className="share-bar" style={{ inlineSize: `${Math.round(r.share * 100)}%` }} aria-hidden="true" />
                    {format.number(r.share, { style: "percent", maximumFractionDigits: 0 })}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
