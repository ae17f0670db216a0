import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { EntityView } from "@/components/dashboard/entity-view";
import { env } from "@/lib/env";
import { oembedDiscovery } from "@/app/[locale]/oembed-discovery";
import { findService, localName } from "@/lib/reference";
import { parseView, type SearchParams } from "@/lib/view/view-params";

type Props = { params: Promise<{ locale: string; slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const service = findService(slug);
  if (!service) return {};
  return { title: localName(service, locale), alternates: await oembedDiscovery("service", slug, locale) };
}

export default async function ServicePage({ params, searchParams }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const service = findService(slug);
  if (!service) notFound();
  const t = await getTranslations("dashboard");
  const raw = await searchParams;
  const view = parseView(raw, { service: slug }, env().DISPLAY_TIME_ZONE);
  return (
    <div className="page dashboard">
      <h1>{t("servicePage", { name: localName(service, locale) })}</h1>
      <EntityView
        showSignal={raw.signals === "1"}
        view={view}
        path={`/service/${slug}`}
        fixed={{ service: slug }}
        breakdowns={[
          { dimension: "area", title: t("worstAreas") },
          { dimension: "isp", title: t("worstIsps") },
          { dimension: "problem", title: t("topProblems") },
        ]}
      />
    </div>
  );
}
