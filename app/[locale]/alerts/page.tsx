import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { ALERT_LABELS } from "@/components/alerts/alert-labels";
import { AlertsForm } from "@/components/alerts/alerts-form";
import { mailer } from "@/db/alerts/mailer";
import { followsFromParams } from "@/lib/alerts/follows";
import { env } from "@/lib/env";
import { DISTRICTS, ISPS, localName, PROVINCES, SERVICES } from "@/lib/reference";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: "alerts" }))("title") };
}

/** /alerts: subscribe to incidents of a service, provider or area by e-mail, browser push, webhook or Atom (docs/alerts.md). */
export default async function AlertsPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("alerts");
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") query.set(k, v);
  const start = followsFromParams(query);
  const name = (x: { slug: string; nameEn: string; nameUr: string }) => ({ slug: x.slug, name: localName(x, locale) });
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, locale);
  // "error" keeps its {message} placeholder: the form fills it in.
  const labels = Object.fromEntries(ALERT_LABELS.map((k) => [k, k === "error" ? (t.raw(k) as string) : t(k)])) as Record<(typeof ALERT_LABELS)[number], string>;
  return (
    <div className="page" data-testid="alerts-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <AlertsForm
        lang={locale === "ur" ? "ur" : "en"}
        initial={{ service: start.services[0] ?? "", isp: start.isps[0] ?? "", area: start.areas[0] ?? "" }}
        options={{
          services: SERVICES.filter((s) => s.slug !== "other").map(name).sort(byName),
          isps: ISPS.filter((i) => i.slug !== "other").map(name).sort(byName),
          areas: PROVINCES.map((p) => ({ group: localName(p, locale), items: [name(p), ...DISTRICTS.filter((d) => d.parent === p.slug).map(name).sort(byName)] })),
        }}
        emailOn={mailer(env()) !== null}
        labels={labels}
      />
    </div>
  );
}
