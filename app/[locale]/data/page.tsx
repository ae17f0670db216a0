import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { ColumnDictionary } from "@/components/data/column-dictionary";
import { ExportLinks } from "@/components/data/export-links";
import { SealList } from "@/components/data/seal-list";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { env } from "@/lib/env";
import { parseView, type SearchParams } from "@/lib/view/view-params";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "data" });
  return { title: t("title") };
}

/** /data: downloads for any view, the data dictionary, and how to check digests and seals. */
export default async function DataPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("data");
  const view = parseView(await searchParams, {}, env().DISPLAY_TIME_ZONE);
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  const file = "disruption-watch.csv";
  return (
    <div className="page data-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <DashboardFilters view={view} path="/data" showGroupBy={false} />
      <ExportLinks filters={view.filters} />
      <ColumnDictionary />
      <section className="card" aria-labelledby="digest-title">
        <h2 id="digest-title">{t("digestTitle")}</h2>
        <p>{t("digestIntro")}</p>
        <Command label={t("digestHeaders")} text={`curl -sD - -o ${file} '${origin}/api/v1/export?format=csv' | grep -i -E '^(digest|x-content-sha256)'`} />
        <Command label={t("digestLinux")} text={`sha256sum ${file}`} />
        <Command label={t("digestMac")} text={`shasum -a 256 ${file}`} />
        <Command label={t("digestWindows")} text={`Get-FileHash -Algorithm SHA256 ${file}`} />
        <Command label={t("digestBase64")} text={`openssl dgst -sha256 -binary ${file} | base64`} />
      </section>
      <section className="card" aria-labelledby="seals-title">
        <h2 id="seals-title">{t("sealsTitle")}</h2>
        <p>{t("sealsIntro")}</p>
        <Command label={t("sealsArchive")} text={`curl -s '${origin}/api/v1/seals' > seals-$(date -u +%Y%m%d).json`} />
        <Command label={t("sealsFeed")} text={`${origin}/seals.xml`} />
        <Command
          label={t("sealsVerifyFile")}
          text={`curl -s -o sealed.json '${origin}/api/v1/export?format=json&include=all&from=…&to=…'\nnpm run verify -- sealed.json --seals seals-20241121.json`}
        />
        <Command label={t("sealsVerifyDatabase")} text="npm run verify -- --database" />
        <p>{t("sealsResult")}</p>
        <SealList />
      </section>
      <section className="card" aria-labelledby="licence-title">
        <h2 id="licence-title">{t("licenceTitle")}</h2>
        <p>{t("licence")}</p>
        <p className="muted">{t("caveat")}</p>
      </section>
    </div>
  );
}

function Command({ label, text }: { label: string; text: string }) {
  return (
    <div className="command">
      <p>{label}</p>
      <pre dir="ltr">
        <code>{text}</code>
      </pre>
    </div>
  );
}
