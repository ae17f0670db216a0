import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { clientMessages } from "@/i18n/client-messages";
import { ReportForm } from "@/components/report/report-form";
import { ISPS, SERVICES, localName } from "@/lib/reference";
import { REFERENCE_PROBES, probeDomainOf } from "@/lib/reference/probe-domains";
import { CONNECTIONS, PROBLEMS } from "@/lib/reports/vocabulary";
import { WHEN_MINUTES } from "@/lib/reports/form-input";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "report" });
  return { title: t("title") };
}

export default async function ReportPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("report");
  const tProblem = await getTranslations("problem");
  const tConnection = await getTranslations("connection");
  const tWhen = await getTranslations("when");
  return (
    <div className="page report">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {/* A plain link: /lite is a route handler's HTML, not a page the router can fetch. */}
      <p className="lite-link">
        <a href={locale === "en" ? "/lite" : `/${locale}/lite`}>{t("lightLink")}</a>
      </p>
      <NextIntlClientProvider messages={await clientMessages(["report", "errors", "queue", "measure"])}>
        <ReportForm
          // A fresh idempotency key per page view: a re-sent form stores one report.
          clientReportId={randomUUID()}
            isps={ISPS.map((i) => ({ value: i.slug, label: localName(i, locale) }))}
          services={SERVICES.map((s) => ({ value: s.slug, label: localName(s, locale) }))}
          connections={CONNECTIONS.map((c) => ({ value: c, label: tConnection(c) }))}
          problems={PROBLEMS.map((p) => ({ value: p, label: tProblem(p) }))}
          probeFor={Object.fromEntries(SERVICES.flatMap((s) => (probeDomainOf(s.slug) ? [[s.slug, probeDomainOf(s.slug)!]] : [])))}
          referenceProbes={REFERENCE_PROBES}
          whens={WHEN_MINUTES.map((m) => ({ value: String(m), label: tWhen(String(m) as "0") }))}
        />
      </NextIntlClientProvider>
    </div>
  );
}

