import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { EntityView } from "@/components/dashboard/entity-view";
import { Link } from "@/i18n/navigation";
import { env } from "@/lib/env";
import { oembedDiscovery } from "@/app/[locale]/oembed-discovery";
import { DISTRICTS, findArea, localName, provinceOf } from "@/lib/reference";
import { parseView, type SearchParams } from "@/lib/view/view-params";

type Props = { params: Promise<{ locale: string; slug: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const area = findArea(slug);
  if (!area) return {};
  return { title: localName(area, locale), alternates: await oembedDiscovery("area", slug, locale) };
}

export default async function AreaPage({ params, searchParams }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const area = findArea(slug);
  if (!area) notFound();
  const t = await getTranslations("dashboard");
  const raw = await searchParams;
  const view = parseView(raw, { area: slug }, env().DISPLAY_TIME_ZONE);
  const province = area.level === "district" ? provinceOf(slug) : undefined;
  const districts = area.level === "province" ? DISTRICTS.filter((d) => d.parent === slug) : [];
  return (
    <div className="page dashboard">
      <h1>{t("areaPage", { name: localName(area, locale) })}</h1>
      <p className="muted">
        {area.level === "district" ? t("district") : t("province")}
        {province ? (
          <>
            {" · "}
            <Link href={`/area/${province.slug}`}>{t("inProvince", { province: localName(province, locale) })}</Link>
          </>
        ) : null}
      </p>
      <EntityView
        showSignal={raw.signals === "1"}
        view={view}
        path={`/area/${slug}`}
        fixed={{ area: slug }}
        breakdowns={[
          { dimension: "isp", title: t("worstIsps") },
          { dimension: "service", title: t("worstServices") },
          ...(area.level === "province" ? [{ dimension: "area" as const, title: t("worstAreas") }] : [{ dimension: "problem" as const, title: t("topProblems") }]),
        ]}
      >
        {districts.length ? (
          <section className="card">
            <h3>{t("districts")}</h3>
            <p className="link-list">
              {districts.map((d) => (
                <Link key={d.slug} href={`/area/${d.slug}`}>
                  {localName(d, locale)}
                </Link>
              ))}
            </p>
          </section>
        ) : null}
      </EntityView>
    </div>
  );
}
