import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { env } from "@/lib/env";
import { findArea, findIsp, findService, localName, provinceOf } from "@/lib/reference";
import type { Connection, Problem, ReportStatus } from "@/lib/reports/vocabulary";

export type ReportFactsData = {
  area: string;
  isp: string;
  service: string;
  connection: Connection;
  problem: Problem;
  observedAt: Date;
  receivedAt: Date;
  status: ReportStatus;
};

/** What a report says and when, as a moderator needs it beside its comment. */
export async function ReportFacts({ report, more = [] }: { report: ReportFactsData; more?: [string, string][] }) {
  const t = await getTranslations("admin.report");
  const tProblem = await getTranslations("problem");
  const tConnection = await getTranslations("connection");
  const locale = await getLocale();
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone: env().DISPLAY_TIME_ZONE });
  const name = (item: { nameEn: string; nameUr: string } | undefined, slug: string) => (item ? localName(item, locale) : slug);
  const province = provinceOf(report.area);
  const facts: [string, string][] = [
    [t("area"), `${name(findArea(report.area), report.area)}${province && province.slug !== report.area ? `, ${localName(province, locale)}` : ""}`],
    [t("service"), name(findService(report.service), report.service)],
    [t("isp"), `${name(findIsp(report.isp), report.isp)} · ${tConnection(report.connection)}`],
    [t("problem"), tProblem(report.problem)],
    [t("observed"), when(report.observedAt)],
    [t("received"), when(report.receivedAt)],
    ...more,
  ];
  return (
    <dl className="report-facts">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      <div>
        <dt>{t("status")}</dt>
        <dd>
          <StatusBadge status={report.status} label={t(`statuses.${report.status}`)} />
        </dd>
      </div>
    </dl>
  );
}

export function StatusBadge({ status, label }: { status: ReportStatus; label: string }) {
  const tone = status === "counted" ? "status-normal" : status === "voided" ? "status-problem" : "status-unknown";
  return (
    <span className={`status-badge ${tone}`} data-status={status}>
      {label}
    </span>
  );
}

/**
 * A reporter's comment, as text: React escapes it, so markup in it is shown,
 * never run. dir="auto" gives an Urdu comment on an English page (and the
 * reverse) its own direction, isolated, so bidirectional control characters
 * in it cannot reorder the text around it.
 */
export function CommentText({ text, testId }: { text: string; testId?: string }) {
  return (
    <blockquote className="comment-text" dir="auto" data-testid={testId}>
      {text}
    </blockquote>
  );
}
