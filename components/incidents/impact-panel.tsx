import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { IncidentSummary } from "@/db/queries/incidents";
import { incidentImpact } from "@/db/queries/impact";
import { Link } from "@/i18n/navigation";
import { ApiError } from "@/lib/errors";
import type { ImpactTerm } from "@/lib/impact/estimate";
import { CURRENT_INPUTS, type Range } from "@/lib/impact/inputs";
import { impactQueryString, parseImpactQuery, WHAT_IF_PARAMS, type ImpactQuery } from "@/lib/impact/what-if";
import { findArea, findIsp, findService, localName } from "@/lib/reference";

/**
 * An incident's economic-impact estimate (lib/impact, docs/impact.md): the
 * range in dollars and rupees, every term with its value, what it was taken
 * from and its source, and a what-if form whose result is a permalink
 * (`?lossRate=0.02&inputs=…`). A bad what-if value is named and not used.
 */
export async function ImpactPanel({ incident, search, path }: { incident: IncidentSummary; search: URLSearchParams; path: string }) {
  const t = await getTranslations("impact");
  const format = await getFormatter();
  const locale = await getLocale();
  let query: ImpactQuery = { inputs: CURRENT_INPUTS, whatIf: {} };
  let invalid: string | null = null;
  try {
    query = parseImpactQuery(search);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    invalid = error.message;
  }
  const result = await incidentImpact(incident, query.inputs, query.whatIf);
  const usd = (x: number) => format.number(x, { style: "currency", currency: "USD", notation: "compact", maximumSignificantDigits: 3 });
  const pkr = (x: number) => format.number(x, { style: "currency", currency: "PKR", notation: "compact", maximumSignificantDigits: 3 });
  const methodology = <Link href="/methodology#impact">{t("method")}</Link>;
  if (!result.ok) {
    return (
      <section className="card impact" data-testid="impact" aria-labelledby="impact-title">
        <h2 id="impact-title">{t("title")}</h2>
        <p data-testid="impact-unavailable">{t("unavailable", { areas: result.areas.map((a) => (findArea(a) ? localName(findArea(a)!, locale) : a)).join("، ") })}</p>
        <p className="muted">{methodology}</p>
      </section>
    );
  }
  const impact = result.impact;
  const name = (item: { nameEn: string; nameUr: string } | undefined, slug: string) => (item ? localName(item, locale) : slug);
  const basis = (term: ImpactTerm): string => {
    const b = term.basis;
    if (b.areas) return b.areas === "all" ? t("basisValue.all") : b.areas.map((a) => name(findArea(a), a)).join(locale === "ur" ? "، " : ", ");
    if (b.isps) return b.isps.map((i) => name(findIsp(i), i)).join(locale === "ur" ? "، " : ", ");
    if (b.connection) return t(`basisValue.connection.${b.connection}`);
    if (b.kind) return `${name(findService(b.service ?? ""), b.service ?? "")}: ${t(`kinds.${b.kind}`)}`;
    if (b.reports !== undefined) return t("basisValue.severity", { reports: format.number(b.reports), expected: format.number(b.expected ?? 0, { maximumFractionDigits: 0 }) });
    if (b.hours !== undefined) return t("basisValue.hours", { hours: format.number(b.hours, { maximumFractionDigits: 1 }) });
    if (b.year !== undefined) return String(b.year);
    return "";
  };
  const value = (term: ImpactTerm, x: number) =>
    term.name === "gdpPerDay" || term.name === "itExports"
      ? usd(x)
      : term.name === "days"
        ? format.number(x, { maximumSignificantDigits: 3 })
        : format.number(x, { style: "percent", maximumSignificantDigits: 3 });
  const range = (r: Range, f: (x: number) => string) => t("range", { low: f(r.low), high: f(r.high) });
  const permalink = `${path}?${impactQueryString(query)}#impact`;
  const central = (name: string) => impact.terms.find((term) => term.name === name)?.value.central;
  return (
    <section className="card impact" id="impact" data-testid="impact" aria-labelledby="impact-title" data-low={impact.low} data-central={impact.central} data-high={impact.high}>
      <h2 id="impact-title">{t("title")}</h2>
      {invalid ? (
        <p className="notice notice-problem" role="alert" data-testid="impact-invalid">
          {t("invalid", { message: invalid })}
        </p>
      ) : null}
      {impact.changed.length > 0 ? (
        <p className="notice notice-what-if" data-testid="impact-changed">
          {t("changed", { terms: impact.changed.map((c) => (c === "pkrPerUsd" ? t("pkrPerUsd") : t(`terms.${c}`))).join(locale === "ur" ? "، " : ", ") })}{" "}
          <a href={`${path}#impact`}>{t("reset")}</a>
        </p>
      ) : null}
      <p className="impact-range" data-testid="impact-range">
        <strong>{range(impact, usd)}</strong> <span className="muted">({t("central", { central: usd(impact.central) })})</span>
      </p>
      <p className="muted" data-testid="impact-pkr">
        {t("pkr", { low: pkr(impact.pkr.low), high: pkr(impact.pkr.high), central: pkr(impact.pkr.central), rate: format.number(impact.pkrPerUsd) })}
      </p>
      <p className="impact-caveat">{t("caveat")}</p>
      <p className="impact-formula" dir="auto">
        <code>
          {t("formula")}
          {impact.terms.some((term) => term.name === "itExports") ? ` ${t("formulaIt")}` : ""}
        </code>
      </p>
      <div className="table-scroll">
        <table className="data-table impact-terms" data-testid="impact-terms">
          <thead>
            <tr>
              <th scope="col">{t("term")}</th>
              <th scope="col">{t("low")}</th>
              <th scope="col">{t("centralHead")}</th>
              <th scope="col">{t("high")}</th>
              <th scope="col">{t("basis")}</th>
            </tr>
          </thead>
          <tbody>
            {impact.terms.map((term) => (
              <tr key={term.name} data-term={term.name} data-central={term.value.central} className={term.changed ? "changed" : undefined}>
                <th scope="row">{t(`terms.${term.name}`)}</th>
                <td>{value(term, term.value.low)}</td>
                <td>{value(term, term.value.central)}</td>
                <td>{value(term, term.value.high)}</td>
                <td>{basis(term)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details className="impact-sources">
        <summary>{t("sources")}</summary>
        <dl>
          {impact.terms.map((term) => (
            <div key={term.name}>
              <dt>{t(`terms.${term.name}`)}</dt>
              {/* The sources are written in English (reference/impact). */}
              <dd lang="en" dir="ltr">
                {term.source}
              </dd>
            </div>
          ))}
        </dl>
      </details>
      <details className="impact-what-if" open={impact.changed.length > 0 || !!invalid}>
        <summary data-testid="impact-what-if-toggle">{t("whatIf")}</summary>
        <p className="muted">{t("whatIfIntro")}</p>
        <form method="get" action={`${path}#impact`} className="what-if-form" data-testid="impact-what-if">
          <input type="hidden" name="inputs" value={query.inputs.version} />
          {Object.entries(WHAT_IF_PARAMS).map(([param, { min, max }]) => (
            <label key={param}>
              <span>{param === "pkrPerUsd" ? t("pkrPerUsd") : t(`terms.${param}`)}</span>
              <input
                type="number"
                name={param}
                inputMode="decimal"
                step="any"
                min={min}
                max={max}
                dir="ltr"
                defaultValue={query.whatIf[param as keyof typeof query.whatIf] ?? ""}
                placeholder={String(param === "pkrPerUsd" ? impact.pkrPerUsd : Number((central(param) ?? 0).toPrecision(3)))}
              />
            </label>
          ))}
          <button type="submit">{t("recalculate")}</button>
        </form>
      </details>
      <p className="muted">
        <a href={permalink} data-testid="impact-permalink">
          {t("permalink")}
        </a>{" "}
        · {t("version", { version: impact.inputsVersion })} · {methodology}
      </p>
    </section>
  );
}
