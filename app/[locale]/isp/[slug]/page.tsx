import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AreaHoursTable } from "@/components/dashboard/area-hours-table";
import { EntityView } from "@/components/dashboard/entity-view";
import { env } from "@/lib/env";
import { oembedDiscovery } from "@/app/[locale]/oembed-discovery";
import { findIsp, localName } from "@/lib/reference";
import { parseView, type SearchParams } from "@/lib/view/view-params";

type Props = { params: Promise<{ locale: string; slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const isp = findIsp(slug);
  if (!isp) return {};
  return { title: localName(isp, locale), alternates: await oembedDiscovery("isp", slug, locale) };
}

export default async function IspPage({ params, searchParams }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const isp = findIsp(slug);
  if (!isp) notFound();
  const t = await getTranslations("dashboard");
  const raw = await searchParams;
  const view = parseView(raw, { isp: slug }, env().DISPLAY_TIME_ZONE);
  return (
    <div className="page dashboard">
      <h1>{t("ispPage", { name: localName(isp, locale) })}</h1>
      <p className="muted">
        {t(`kind.${isp.kind}`)}
        {isp.asns.length ? ` · ${isp.asns.map((a) => `AS${a}`).join(", ")}` : ""}
      </p>
      <EntityView
        showSignal={raw.signals === "1"}
        view={view}
        path={`/isp/${slug}`}
        fixed={{ isp: slug }}
        breakdowns={[
          { dimension: "area", title: t("worstAreas") },
          { dimension: "service", title: t("worstServices") },
          { dimension: "problem", title: t("topProblems") },
        ]}
      >
        <AreaHoursTable filters={view.filters} />
      </EntityView>
    </div>
  );
}
