import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { ImpactTotal } from "@/components/incidents/impact-total";
import { IncidentList } from "@/components/incidents/incident-list";
import { MethodologyNote } from "@/components/incidents/methodology-note";
import * as cached from "@/db/queries/cached";
import { env } from "@/lib/env";
import { CURRENT_INPUTS } from "@/lib/impact/inputs";
import { parseView, type SearchParams } from "@/lib/view/view-params";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "incidents" });
  return { title: t("title"), alternates: { types: { "application/atom+xml": "/feed.xml" } } };
}

export default async function IncidentsPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("incidents");
  const raw = await searchParams;
  // Incidents are rarer than reports: the list looks back 30 days unless told otherwise.
  const view = parseView(raw.window || raw.from || raw.to ? raw : { ...raw, window: "30d" }, {}, env().DISPLAY_TIME_ZONE);
  const incidents = await cached.incidents(view.filters);
  return (
    <div className="page dashboard">
      <h1>{t("title")}</h1>
      <p className="muted">
        {t("intro")} <a href="/feed.xml">{t("feed")}</a>
      </p>
      <DashboardFilters view={view} path="/incidents" showGroupBy={false} />
      <ImpactTotal filters={view.filters} inputs={CURRENT_INPUTS} />
      <IncidentList incidents={incidents} />
      <MethodologyNote />
    </div>
  );
}
