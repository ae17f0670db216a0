import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { mergedInto } from "@/db/statements/statements-of";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { BreakdownTable } from "@/components/dashboard/breakdown-table";
import { TimelinePanel } from "@/components/dashboard/timeline-panel";
import { LedgerTable } from "@/components/evidence/ledger-table";
import { ImpactPanel } from "@/components/incidents/impact-panel";
import { IncidentScopes } from "@/components/incidents/incident-scopes";
import { SignalsPanel } from "@/components/incidents/signals-panel";
import { incidentEntities } from "@/lib/signals/verdict";
import { scopeParts, type Scope } from "@/lib/detection/scopes";
import { MethodologyNote } from "@/components/incidents/methodology-note";
import { MapPanel } from "@/components/map/map-panel";
import { StatementsSection } from "@/components/statements/statements-section";
import { AREA_PLACEHOLDER } from "@/components/map/map-types";
import { Link, getPathname, redirect } from "@/i18n/navigation";
import * as cached from "@/db/queries/cached";
import { AFFECTED_LIMIT } from "@/db/queries/incident-detail";
import { db } from "@/db/runtime";
import { statementsOf } from "@/db/statements/statements-of";
import { incidentFilters, incidentTimelineFilters } from "@/lib/detection/incident-window";
import { scopeName } from "@/lib/detection/scope-names";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { parseIncidentId } from "@/lib/detection/incident-id";
import { permalinkQuery } from "@/lib/view/view-params";

/** The alerts form filled in with what the incident's primary scope names (its service, provider or area). */
function alertQuery(primary: Scope): string {
  const p = scopeParts(primary);
  return new URLSearchParams(Object.entries({ service: p.service, isp: p.isp, area: p.area }).filter((e): e is [string, string] => !!e[1])).toString();
}

type Props = { params: Promise<{ locale: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function load(raw: string) {
  try {
    return await cached.incidentPage(parseIncidentId(raw), env().DISPLAY_TIME_ZONE);
  } catch (error) {
    if (error instanceof ApiError) return undefined;
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, id } = await params;
  const t = await getTranslations({ locale, namespace: "incidents" });
  const incident = await load(id);
  return { title: incident ? `${scopeName(incident.primary, locale)} · ${t("incident", { id })}` : t("title") };
}

export default async function IncidentPage({ params, searchParams }: Props) {
  const { locale, id } = await params;
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") search.set(k, v);
  setRequestLocale(locale);
  const incident = await load(id);
  if (!incident) {
    // An incident merged into another: its permalink leads on.
    const into = /^\d{1,15}$/.test(id) ? await mergedInto(db(), Number(id)) : undefined;
    if (into !== undefined) redirect({ href: { pathname: `/incidents/${into}`, query: Object.fromEntries(search) }, locale });
    notFound();
  }
  const t = await getTranslations("incidents");
  const tDashboard = await getTranslations("dashboard");
  const tBrief = await getTranslations("brief");
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short", timeZone });
  const now = new Date();
  const start = new Date(incident.start);
  const end = incident.end ? new Date(incident.end) : null;
  const inner = incidentFilters(incident.primary, start, end, now);
  const outer = incidentTimelineFilters(incident.primary, start, end, now);
  const { figures } = incident;
  const name = scopeName(incident.primary, locale);
  const labels = (dimension: string) => ({ name: tDashboard(`dimensions.${dimension}`), reports: tDashboard("reports"), share: tDashboard("share"), empty: tDashboard("noReports") });
  const windowQuery = `from=${encodeURIComponent(inner.from.toISOString())}&to=${encodeURIComponent(inner.to.toISOString())}`;
  return (
    <div className="page dashboard incident-page" data-testid="incident-page">
      <p>
        <Link href="/incidents">{t("back")}</Link> ·{" "}
        <Link href={`/brief?${permalinkQuery({ filters: inner, window: "custom", bucket: "1h" })}`} data-testid="incident-brief">
          {tBrief("open")}
        </Link>{" "}
        ·{" "}
        <Link href={`/alerts?${alertQuery(incident.primary)}`} data-testid="get-alerts">
          {(await getTranslations("alerts"))("getAlerts")}
        </Link>
      </p>
      <h1>{t("pageTitle", { scope: name, start: when(incident.start) })}</h1>
      <p>
        <span className={`status-badge ${incident.status === "ongoing" ? "status-problem" : "status-unknown"}`} data-testid="incident-status">
          {t(incident.status)}
        </span>
        {incident.revisedAt ? (
          <>
            {" "}
            <span className="muted" data-testid="incident-revised">
              {t("revised", { time: when(incident.revisedAt) })}
            </span>
          </>
        ) : null}
      </p>
      <section className="card incident-summary" aria-labelledby="incident-summary">
        <h2 id="incident-summary">{t("summary")}</h2>
        <dl className="incident-facts">
          <div>
            <dt>{t("started")}</dt>
            <dd>{when(incident.start)}</dd>
          </div>
          <div>
            <dt>{t("ended")}</dt>
            <dd>{incident.end ? when(incident.end) : t("now")}</dd>
          </div>
          <div>
            <dt>{t("duration")}</dt>
            <dd>{t("durationValue", { hours: Math.floor(incident.durationMinutes / 60), minutes: incident.durationMinutes % 60 })}</dd>
          </div>
          <div>
            <dt>{t("reports")}</dt>
            <dd data-testid="incident-reports" data-count={figures.reports}>
              {t("againstTypical", {
                reports: format.number(figures.reports),
                expected: format.number(figures.expected, { maximumFractionDigits: 0 }),
                ratio: format.number(figures.reports / Math.max(figures.expected, 1), { maximumFractionDigits: 1 }),
              })}
            </dd>
          </div>
          {figures.peak ? (
            <div>
              <dt>{t("peak")}</dt>
              <dd>
                {t("peakValue", {
                  count: format.number(figures.peak.count),
                  time: format.dateTime(new Date(figures.peak.t), { timeStyle: "short", timeZone }),
                  expected: format.number(figures.peak.expected, { maximumFractionDigits: 1 }),
                })}
              </dd>
            </div>
          ) : null}
        </dl>
      </section>
      {/* The providers' right of reply, beside the figures it answers. */}
      <StatementsSection statements={await statementsOf(db(), incident.id)} />
      <ImpactPanel incident={incident} search={search} path={getPathname({ href: `/incidents/${incident.id}`, locale })} />
      <TimelinePanel
        filters={outer.filters}
        bucket={outer.bucket}
        title={t("timeline")}
        testId="incident-timeline"
        overlay={await cached.signalOverlay(incidentEntities(incident.scopes), outer.filters.from, outer.filters.to)}
      />
      <SignalsPanel incident={incident} />
      <section className="card" data-testid="incident-map">
        <h2>{t("map")}</h2>
        <MapPanel
          compact
          filters={inner}
          level="district"
          layer="areas"
          selected={null}
          areaHref={`${getPathname({ href: `/area/${AREA_PLACEHOLDER}`, locale })}?${windowQuery}`}
        />
      </section>
      <div className="grid-2">
        <BreakdownTable filters={inner} dimension="area" title={t("affectedAreas")} labels={labels("area")} query={windowQuery} limit={AFFECTED_LIMIT} />
        <BreakdownTable filters={inner} dimension="isp" title={t("affectedIsps")} labels={labels("isp")} query={windowQuery} limit={AFFECTED_LIMIT} />
        <BreakdownTable filters={inner} dimension="service" title={t("affectedServices")} labels={labels("service")} query={windowQuery} limit={AFFECTED_LIMIT} />
        <BreakdownTable filters={inner} dimension="connection" title={t("affectedConnections")} labels={labels("connection")} limit={AFFECTED_LIMIT} />
      </div>
      <section className="card" aria-labelledby="incident-ledger">
        <h2 id="incident-ledger">{tBrief("ledger")}</h2>
        <LedgerTable ledger={await cached.ledger(inner)} headingId="incident-ledger" />
      </section>
      <IncidentScopes incident={incident} />
      {incident.comments.length > 0 ? (
        <section className="card" data-testid="incident-comments">
          <h2>{t("comments")}</h2>
          <p className="muted">{t("commentsNote")}</p>
          <ul>
            {incident.comments.map((c, i) => (
              <li key={i}>
                {/* As text (React escapes it), its direction isolated: an Urdu comment on an English page, or the reverse. */}
                <span className="muted">{when(c.t)}</span> <bdi className="published-comment">{c.comment}</bdi>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <MethodologyNote />
    </div>
  );
}
