import { ATTRIBUTION, SOURCE_NAMES } from "@/lib/signals/attribution";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { notFound } from "next/navigation";
import { BriefMap } from "@/components/brief/brief-map";
import { BriefStatements } from "@/components/brief/brief-statements";
import { ImpactTotal } from "@/components/incidents/impact-total";
import { incidentVerdict } from "@/db/queries/signal-verdict";
import { incidentImpact } from "@/db/queries/impact";
import * as cached from "@/db/queries/cached";
import { entitiesFor, localEntityLabel } from "@/lib/signals/entities";
import { LedgerTable } from "@/components/evidence/ledger-table";
import { scopeWords } from "@/components/brief/brief-scope";
import { PrintButton } from "@/components/brief/print-button";
import { TimelineChart } from "@/components/charts/timeline-chart";
import { BREAKDOWN_LIMITS, BriefTable } from "@/components/brief/brief-table";
import { BRIEF_DIMENSIONS, getBrief } from "@/db/queries/brief";
import { getPathname, Link, redirect } from "@/i18n/navigation";
import { scopeName } from "@/lib/detection/scope-names";
import { MAX_EXPORT_DAYS } from "@/lib/export/export-params";
import { pinBriefWindow } from "@/lib/brief/brief-window";
import { env } from "@/lib/env";
import { CURRENT_INPUTS, findInputs } from "@/lib/impact/inputs";
import { SHADE_CLASSES, NO_BASELINE_COLOUR } from "@/lib/map/shade";
import { zoneLabel } from "@/lib/time/zone-name";
import { parseView, permalinkQuery, type SearchParams } from "@/lib/view/view-params";

/** Incidents a printed page has room for; the rest are counted. */
const MAX_INCIDENTS = 12;

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "brief" });
  return { title: t("title") };
}

/**
 * The hearing brief: an A4 document of one view — headline figures, the
 * timeline against its typical range, the map, breakdowns, method and
 * caveats — that prints (or saves as PDF) from the browser. Its URL pins the
 * window, so the permalink printed on it reproduces every figure.
 */
export default async function BriefPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const timeZone = env().DISPLAY_TIME_ZONE;
  const raw = await searchParams;
  const view = parseView(raw, {}, timeZone);
  const pinned = pinBriefWindow(view.filters.from, view.filters.to, timeZone);
  const filters = { ...view.filters, from: pinned.from, to: pinned.to };
  // The economic-impact inputs are pinned like the window: a printed brief
  // names the version it used, and its permalink gives the same figures
  // after the inputs are revised.
  const askedInputs = typeof raw.inputs === "string" ? raw.inputs : undefined;
  const impactInputs = askedInputs ? findInputs(askedInputs) : CURRENT_INPUTS;
  if (!impactInputs) notFound();
  const windowQuery = permalinkQuery({ ...view, filters, groupBy: undefined });
  const query = `${windowQuery}&inputs=${impactInputs.version}`;
  if (
    !view.invalid &&
    (pinned.from.getTime() !== view.filters.from.getTime() || pinned.to.getTime() !== view.filters.to.getTime() || view.window !== "custom" || view.groupBy || !askedInputs)
  ) {
    redirect({ href: `/brief?${query}`, locale });
  }

  const t = await getTranslations("brief");
  const tDash = await getTranslations("dashboard");
  const tMap = await getTranslations("map");
  const tConnection = await getTranslations("connection");
  const tProblem = await getTranslations("problem");
  const format = await getFormatter();
  const generatedAt = new Date();
  const brief = await getBrief(filters, pinned.bucket, timeZone);
  const tSignals = await getTranslations("signals");
  // Measured signals on the brief's time axis, and the verdict of each incident listed.
  const overlay = await cached.signalOverlay(entitiesFor({ isps: filters.isps, areas: filters.areas }), filters.from, filters.to);
  const overlayEntity = overlay ? localEntityLabel(overlay.entity, locale, tSignals("country")) : "";
  const tImpact = await getTranslations("impact");
  // Each listed incident's central estimate, with the brief's pinned inputs (the full range is on its page).
  const impacts = new Map(
    await Promise.all(
      brief.incidents.slice(0, MAX_INCIDENTS).map(async (i) => {
        const r = await incidentImpact(i, impactInputs);
        return [i.id, r.ok ? format.number(r.impact.central, { style: "currency", currency: "USD", notation: "compact", maximumSignificantDigits: 3 }) : null] as const;
      }),
    ),
  );
  const verdicts = new Map(await Promise.all(brief.incidents.slice(0, MAX_INCIDENTS).map(async (i) => [i.id, (await incidentVerdict(i)).level] as const)));
  const { headline } = brief;

  const host = (await headers()).get("host") ?? "localhost";
  const origin = `${host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https"}://${host}`;
  const permalink = `${origin}${getPathname({ href: "/brief", locale })}?${query}`;
  const exportUrl = `${origin}/api/v1/export?format=csv&${windowQuery}`;
  const when = (d: Date | string) => format.dateTime(new Date(d), { timeZone, dateStyle: "medium", timeStyle: "short", hourCycle: "h23" });
  const scope = scopeWords(filters, locale, { connection: (c) => tConnection(c), problem: (p) => tProblem(p) });
  const series = brief.timeline.series.map((s) => ({ key: s.key, label: tDash("reports"), points: s.points }));
  const baseline = brief.timeline.baseline.map((b) => ({ t: b.t, expected: b.expected, upper: b.upper }));
  const tableLabels = { reports: tDash("reports"), share: tDash("share"), empty: tDash("noReports") };

  return (
    <article className="page brief" data-testid="brief">
      <header className="brief-head">
        <p className="brief-kicker">{t("kicker")}</p>
        <h1>{scope ? t("titleScoped", { scope }) : t("titleAll")}</h1>
        <p>
          {t("window", { from: when(filters.from), to: when(filters.to), zone: zoneLabel(timeZone, locale) })}
        </p>
        {view.invalid ? (
          <p className="form-error" role="alert">
            {tDash("badParam", { param: view.invalid })}
          </p>
        ) : null}
        <p className="brief-link-line">
          {t("permalink")}: <a href={permalink} dir="ltr" data-testid="brief-permalink">{permalink}</a>
          <br />
          {t("generated", { time: when(generatedAt), zone: zoneLabel(timeZone, locale) })}
        </p>
        <PrintButton label={t("print")} />
      </header>

      <section aria-labelledby="brief-figures">
        <h2 id="brief-figures">{t("figures")}</h2>
        <dl className="brief-figures">
          <div>
            <dt>{t("total")}</dt>
            <dd data-testid="brief-total" data-count={headline.total}>{format.number(headline.total)}</dd>
          </div>
          <div>
            <dt>{t("typical")}</dt>
            <dd data-testid="brief-typical" data-count={headline.typical ?? ""}>
              {headline.typical === null ? t("noHistory") : format.number(headline.typical)}
              {headline.ratio !== null ? <small> · {t("ratio", { ratio: format.number(headline.ratio, { maximumFractionDigits: 1 }) })}</small> : null}
            </dd>
          </div>
          <div>
            <dt>{t(`peak.${pinned.bucket}`)}</dt>
            <dd data-testid="brief-peak" data-count={headline.peak?.count ?? 0}>
              {headline.peak ? (
                <>
                  {format.number(headline.peak.count)} <small>· {when(headline.peak.t)}</small>
                </>
              ) : (
                "—"
              )}
            </dd>
          </div>
          <div>
            <dt>{t("districts")}</dt>
            <dd data-testid="brief-districts" data-count={headline.districts}>{format.number(headline.districts)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="brief-timeline" className="brief-block">
        <h2 id="brief-timeline">{t("timeline")}</h2>
        <p className="muted">{t("timelineNote", { bucket: tDash(`bucket.${pinned.bucket}`) })}</p>
        <TimelineChart
          series={series}
          baseline={baseline}
          locale={locale}
          timeZone={timeZone}
          bucket={pinned.bucket}
          height={240}
          labels={{ name: t("timeline"), reports: tDash("reports"), typical: tDash("typical"), upper: tDash("typicalRange"), other: tDash("other") }}
          overlay={overlay ? { label: tSignals("overlay", { source: SOURCE_NAMES[overlay.source], metric: tSignals(`metrics.${overlay.metric}`), entity: overlayEntity }), points: overlay.points } : null}
        />
        {overlay ? (
          <p className="muted attribution" lang="en" dir="ltr" data-testid="brief-signal" data-source={overlay.source}>
            {ATTRIBUTION[overlay.source]}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="brief-method" className="brief-block brief-method">
        <h2 id="brief-method">{t("methodTitle")}</h2>
        <ul>
          <li>{t("method.crowd")}</li>
          <li>{t("method.counted")}</li>
          <li>{t("method.typical")}</li>
          <li>{t("method.map")}</li>
          <li>{t("method.cannot")}</li>
          <li>{(await getTranslations("Statements"))("notVerified")}</li>
        </ul>
      </section>

      <section aria-labelledby="brief-incidents" className="brief-block">
        <h2 id="brief-incidents">{t("incidents")}</h2>
        {brief.incidents.length === 0 ? (
          <p className="empty">{t("noIncidents")}</p>
        ) : (
          <table className="data-table" data-testid="brief-incidents-table">
            <thead>
              <tr>
                <th scope="col">{t("incidentScope")}</th>
                <th scope="col">{t("incidentStart")}</th>
                <th scope="col">{t("incidentEnd")}</th>
                <th scope="col">{t("incidentReports")}</th>
                <th scope="col">{tSignals("title")}</th>
                <th scope="col">{tImpact("column")}</th>
              </tr>
            </thead>
            <tbody>
              {brief.incidents.slice(0, MAX_INCIDENTS).map((i) => (
                <tr key={i.id} data-id={i.id}>
                  <th scope="row">
                    <Link href={`/incidents/${i.id}`}>{scopeName(i.primary, locale)}</Link>
                    {i.scopes.length > 1 ? <small> {t("incidentAlso", { n: format.number(i.scopes.length - 1) })}</small> : null}
                  </th>
                  <td>{when(i.start)}</td>
                  <td>{i.end ? when(i.end) : t("ongoing")}</td>
                  <td>
                    {format.number(i.reports)} <small>({t("typicalShort", { n: format.number(Math.round(i.expected)) })})</small>
                  </td>
                  <td data-testid="brief-incident-signals" data-level={verdicts.get(i.id)}>
                    {tSignals(verdicts.get(i.id) ?? "none")}
                  </td>
                  <td data-testid="brief-incident-impact">{impacts.get(i.id) ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {brief.incidents.length > MAX_INCIDENTS ? <p className="muted">{t("moreIncidents", { n: format.number(brief.incidents.length - MAX_INCIDENTS) })}</p> : null}
        <ImpactTotal filters={filters} inputs={impactInputs} />
      </section>

      <BriefStatements incidents={brief.incidents.slice(0, MAX_INCIDENTS)} locale={locale} />

      <section aria-labelledby="brief-ledger" className="brief-block">
        <h2 id="brief-ledger">{t("ledger")}</h2>
        <LedgerTable ledger={brief.ledger} headingId="brief-ledger" />
      </section>

      <section aria-labelledby="brief-map" className="brief-block brief-map-block">
        <h2 id="brief-map">{t("map")}</h2>
        <div className="brief-map-row">
          <BriefMap areas={brief.map} title={t("map")} />
          <div className="map-legend">
            <p>
              <strong>{tMap("legendTitle")}</strong>
            </p>
            <ul>
              {SHADE_CLASSES.map((c) => (
                <li key={c.id}>
                  <span className="swatch" style={{ background: c.colour }} aria-hidden="true" />
                  {tMap(`classes.${c.id}`)}
                </li>
              ))}
              <li>
                <span className="swatch dashed" style={{ background: NO_BASELINE_COLOUR }} aria-hidden="true" />
                {tMap("classes.no-baseline")}
              </li>
            </ul>
            <p className="muted">{tMap("legendNote")}</p>
            <p className="muted">{tMap("boundaries")}</p>
          </div>
        </div>
      </section>

      <section aria-labelledby="brief-breakdowns" className="brief-block brief-breakdowns">
        <h2 id="brief-breakdowns">{t("breakdowns")}</h2>
        <div className="brief-tables">
          {BRIEF_DIMENSIONS.map((d) => (
            <BriefTable
              key={d}
              dimension={d}
              rows={brief.breakdowns[d]}
              limit={BREAKDOWN_LIMITS[d]}
              locale={locale}
              title={tDash(`dimensions.${d}`)}
              labels={{ ...tableLabels, name: tDash(`dimensions.${d}`), others: (n: string) => t("others", { n }) }}
            />
          ))}
        </div>
      </section>

      <section aria-labelledby="brief-data" className="brief-block" data-testid="brief-data">
        <h2 id="brief-data">{t("data")}</h2>
        {brief.export ? (
          <>
            <p>
              {t("dataExport", { rows: format.number(brief.export.rows) })}{" "}
              <a href={`/api/v1/export?format=csv&${windowQuery}`} dir="ltr">
                {exportUrl}
              </a>
            </p>
            <p>
              SHA-256: <code className="hash" dir="ltr" data-testid="brief-sha256">{brief.export.sha256}</code>
            </p>
            <p className="muted">{t("dataCheck")}</p>
            <pre className="brief-command" dir="ltr">
              <code>sha256sum disruption-watch-*.csv</code>
            </pre>
            <p className="muted">{t("dataClosed")}</p>
          </>
        ) : (
          <p>{t("dataTooLong", { days: MAX_EXPORT_DAYS })}</p>
        )}
        <p>
          <Link href="/data">{t("dataPage")}</Link>
        </p>
      </section>

      <footer className="brief-foot">
        <p>
          {t("permalink")}: {permalink} · {t("generated", { time: when(generatedAt), zone: zoneLabel(timeZone, locale) })}
        </p>
      </footer>
    </article>
  );
}
