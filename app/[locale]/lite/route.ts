import { randomUUID } from "node:crypto";
import { hasLocale } from "next-intl";
import { getFormatter, getTranslations } from "next-intl/server";
import { routing } from "@/i18n/routing";
import { submitReport } from "@/db/submit-report";
import { ApiError, RateLimitedError, StorageUnavailableError } from "@/lib/errors";
import { env } from "@/lib/env";
import { readCapped } from "@/lib/http/read-json";
import { parseReportForm, valuesFromFormData } from "@/lib/reports/form-input";
import { liteConfirmation, liteDocument, liteForm, type Translate } from "@/components/lite/lite-page";

// A route handler, not a page: a page inside app/[locale] would carry the
// React runtime and Next's chunks (over 100 kB) that a feature phone on 2G
// can neither afford nor run. This answers plain HTML of a few kilobytes.

type Context = { params: Promise<{ locale: string }> };

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const locale = (await params).locale;
  if (!hasLocale(routing.locales, locale)) return new Response("Not found", { status: 404 });
  const t = await translator(locale);
  // A fresh idempotency key per page view: a re-sent form stores one report.
  const body = liteForm({ locale, t, clientReportId: randomUUID(), values: {}, errors: {} });
  return page(liteDocument(locale, t, t("report.title"), body), 200);
}

export async function POST(request: Request, { params }: Context): Promise<Response> {
  const locale = (await params).locale;
  if (!hasLocale(routing.locales, locale)) return new Response("Not found", { status: 404 });
  const t = await translator(locale);
  let text: string;
  try {
    text = await readCapped(request);
  } catch (error) {
    if (error instanceof ApiError) return new Response(error.message, { status: error.status });
    throw error;
  }
  const data = new FormData();
  for (const [key, value] of new URLSearchParams(text)) data.append(key, value);
  const values = valuesFromFormData(data);
  // A form posted without its key (a hand-made request) still gets one, so
  // the page it answers with can be sent again safely.
  const clientReportId = values.clientReportId || randomUUID();
  const parsed = parseReportForm({ ...values, clientReportId });
  if (!parsed.ok) {
    const body = liteForm({ locale, t, clientReportId, values, errors: parsed.errors });
    return page(liteDocument(locale, t, t("report.title"), body), 400);
  }
  try {
    const result = await submitReport(parsed.report, "web", request.headers);
    const format = await getFormatter({ locale });
    const time = format.dateTime(result.receivedAt, { dateStyle: "medium", timeStyle: "short" });
    const body = liteConfirmation({
      locale,
      t,
      id: result.id,
      time,
      nearby: result.nearby,
      status: result.status,
      duplicateWindowMinutes: env().DUPLICATE_WINDOW_MINUTES,
    });
    return page(liteDocument(locale, t, t("report.thanksTitle"), body), result.replayed ? 200 : 201);
  } catch (error) {
    if (error instanceof RateLimitedError) {
      const retryMinutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      const body = liteForm({ locale, t, clientReportId, values, errors: {}, retryMinutes });
      return page(liteDocument(locale, t, t("report.title"), body), 429, error.headers);
    }
    if (!(error instanceof StorageUnavailableError)) throw error;
    const body = liteForm({ locale, t, clientReportId, values, errors: {}, unavailable: true });
    return page(liteDocument(locale, t, t("report.title"), body), 503, error.headers);
  }
}

async function translator(locale: string): Promise<Translate> {
  const t = await getTranslations({ locale });
  return (key, values) => t(key as never, values as never);
}

function page(document: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(document, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}
