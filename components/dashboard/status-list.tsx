import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import * as cached from "@/db/queries/cached";
import type { StatusRow } from "@/db/queries/status";
import type { Filters } from "@/lib/filters";

/** Status now (last hour against its baseline) for every service or ISP, worst first. */
export async function StatusList({ filters, dimension, title, limit = 12 }: { filters: Filters; dimension: "service" | "isp" | "area"; title: string; limit?: number }) {
  const t = await getTranslations("dashboard.status");
  const locale = await getLocale();
  const format = await getFormatter();
  const rows = await cached.statuses(filters, dimension);
  const page = dimension === "area" ? "/area" : dimension === "isp" ? "/isp" : "/service";
  return (
    <section className="card status-list" data-testid={`status-${dimension}`}>
      <h3>{title}</h3>
      {rows.length === 0 ? <p className="empty">{t("none")}</p> : null}
      <ul>
        {rows.slice(0, limit).map((r) => (
          <li key={r.key} data-key={r.key} data-level={r.level}>
            <StatusBadge level={r.level} label={t(r.level)} />
            <Link href={`${page}/${r.key}`}>{locale === "ur" ? r.nameUr : r.name}</Link>
            <span className="status-figures">
              {format.number(r.current)} <span className="muted">/ {t("expected")} {format.number(r.expected, { maximumFractionDigits: 1 })}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function StatusBadge({ level, label }: { level: StatusRow["level"]; label: string }) {
  // The shape differs by level as well as the colour, for colour-blind readers and print.
  const mark = level === "problem" ? "▲" : level === "elevated" ? "◆" : level === "normal" ? "●" : "○";
  return (
    <span className={`status-badge status-${level}`}>
      <span aria-hidden="true">{mark}</span> {label}
    </span>
  );
}
