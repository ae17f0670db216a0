import { ATTRIBUTION, SOURCE_NAMES } from "@/lib/signals/attribution";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import type { IncidentSummary } from "@/db/queries/incidents";
import { incidentVerdict } from "@/db/queries/signal-verdict";
import { runtime } from "@/db/runtime";
import { Link } from "@/i18n/navigation";
import { localEntityLabel } from "@/lib/signals/entities";
import type { Finding } from "@/lib/signals/verdict";

/**
 * Measured signals beside an incident (lib/signals/verdict.ts): the verdict
 * line, each finding in words, and the attribution of every source quoted.
 * Where nothing covers the incident it says so.
 */
export async function SignalsPanel({ incident }: { incident: IncidentSummary }) {
  const t = await getTranslations("signals");
  const format = await getFormatter();
  const locale = await getLocale();
  const verdict = await incidentVerdict(incident);
  const name = (f: Finding) => localEntityLabel(f.entity, locale, t("country"));
  const pct = (x: number) => format.number(x, { style: "percent", maximumFractionDigits: 0 });
  const sentence = (f: Finding) => {
    const base = { source: SOURCE_NAMES[f.source], metric: t(`metrics.${f.metric}`), entity: name(f) };
    if (f.kind === "annotated") return t("annotated", base);
    if (f.kind === "anomalous") return t("anomalous", { ...base, percent: pct(f.share), tests: format.number(f.tests) });
    return f.agrees ? t("drop", { ...base, percent: pct(f.drop) }) : t("noDrop", { ...base, percent: pct(Math.max(f.drop, 0.1)) });
  };
  const sources = [...new Set(verdict.findings.map((f) => f.source))];
  return (
    <section className="card signals" data-testid="signals" data-level={verdict.level} aria-labelledby="signals-title">
      <h2 id="signals-title">{t("title")}</h2>
      <p className="muted">{t("intro")}</p>
      <p data-testid="signals-verdict">
        <strong>{t(verdict.level)}</strong>
      </p>
      {verdict.findings.length > 0 ? (
        <ul data-testid="signals-findings">
          {verdict.findings.slice(0, 6).map((f) => (
            <li key={`${f.source}|${f.metric}|${f.entity}`} data-source={f.source} data-agrees={f.agrees ? "1" : "0"}>
              {sentence(f)}
            </li>
          ))}
        </ul>
      ) : null}
      {sources.map((s) => (
        <p key={s} className="muted attribution" lang="en" dir="ltr" data-testid={`signals-attribution-${s}`}>
          {ATTRIBUTION[s]}
        </p>
      ))}
      {runtime().demo && sources.length > 0 ? <p className="muted">{t("synthetic")}</p> : null}
      <p className="muted">
        <Link href="/methodology#signals">{t("rule")}</Link>
      </p>
    </section>
  );
}
