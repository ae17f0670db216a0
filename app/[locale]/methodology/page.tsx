import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { ImpactInputs } from "@/components/incidents/impact-inputs";
import { Link } from "@/i18n/navigation";
import { FALLBACK_DAYS, K, MIN_MARGIN, MIN_SAMPLES, WEEKS } from "@/lib/detection/baseline";
import { ELEVATED_MIN_COUNT, NO_BASELINE_FACTOR, PROBLEM_MIN_COUNT } from "@/lib/detection/status";
import { CELL_DEGREES } from "@/lib/geo/coarsen";
import { ROLLUP_BUCKET_MS } from "@/lib/reports/buckets";
import { limitsFromEnv } from "@/lib/abuse/limits";
import { LOOKBACK_MS, QUIET_MARGIN_MS } from "@/lib/detection/detection-config";
import { detectionConfig } from "@/lib/detection/detection-settings";
import { env } from "@/lib/env";
import { ANOMALY_AGREES, DROP_AGREES, MIN_TESTS } from "@/lib/signals/verdict";
import { ABSOLUTE_MS, IDLE_MS } from "@/lib/admin/session-policy";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "methodology" });
  return { title: t("title") };
}

// Every number on this page comes from the constant the code uses, so the
// page cannot drift from what the app does.
export default async function MethodologyPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("methodology");
  const tStatements = await getTranslations("Statements.methodology");
  // The settings in force on this deployment (lib/env.ts), not the defaults.
  const limits = limitsFromEnv(env());
  const detection = detectionConfig();
  const numbers = {
    weeks: WEEKS,
    fallbackDays: FALLBACK_DAYS,
    minSamples: MIN_SAMPLES,
    k: K,
    minMargin: MIN_MARGIN,
    problemMin: PROBLEM_MIN_COUNT,
    elevatedMin: ELEVATED_MIN_COUNT,
    noBaselineMin: NO_BASELINE_FACTOR * PROBLEM_MIN_COUNT,
    // A degree is ~111 km north to south and ~96 km east to west at 30° N.
    cellKm: Math.round(CELL_DEGREES * 100),
    bucketMinutes: ROLLUP_BUCKET_MS / 60_000,
    duplicateMinutes: limits.duplicateWindowMs / 60_000,
    floodHour: limits.floodPerHour,
    floodService: limits.floodPerServiceHour,
    perMinute: limits.perMinute,
    perDay: limits.perDay,
    detectWindow: detection.windowMinutes,
    detectBand: detection.bandScale,
    detectRatio: detection.minRatio,
    detectMin: detection.minCount,
    detectSustain: detection.sustainMinutes,
    detectQuiet: detection.quietMinutes,
    lookbackHours: LOOKBACK_MS / 3600_000,
    marginMinutes: QUIET_MARGIN_MS / 60_000,
    idleMinutes: IDLE_MS / 60_000,
    sessionHours: ABSOLUTE_MS / 3600_000,
    dropAgrees: `${DROP_AGREES * 100} %`,
    anomalyAgrees: `${ANOMALY_AGREES * 100} %`,
    minTests: MIN_TESTS,
  };
  const sections = ["collect", "privacy", "count", "limits", "typical", "status", "map", "incidents", "seals", "moderation", "signals", "impact", "cannot"] as const;
  return (
    <article className="page prose" data-testid="methodology">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <nav aria-label={t("contents")}>
        <ol>
          {sections.map((s) => (
            <li key={s}>
              <a href={`#${s}`}>{t(`${s}.title`)}</a>
            </li>
          ))}
          <li>
            <a href="#statements">{tStatements("title")}</a>
          </li>
        </ol>
      </nav>
      {sections.map((s) => (
        <section key={s} id={s} aria-labelledby={`${s}-title`}>
          <h2 id={`${s}-title`}>{t(`${s}.title`)}</h2>
          {(["p1", "p2"] as const).map((p) => (
            <p key={p}>{t(`${s}.${p}`, numbers)}</p>
          ))}
          {s === "impact" ? <ImpactInputs /> : null}
        </section>
      ))}
      {/* The ISPs' right of reply: what a statement is, and is not. */}
      <section id="statements" aria-labelledby="statements-title">
        <h2 id="statements-title">{tStatements("title")}</h2>
        <p>{tStatements("p1")}</p>
        <p>{tStatements("p2")}</p>
      </section>
      <p>
        <Link href="/brief">{t("toBrief")}</Link>
      </p>
    </article>
  );
}
