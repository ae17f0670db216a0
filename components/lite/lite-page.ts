import { DISTRICTS, ISPS, PROVINCES, SERVICES, localName } from "@/lib/reference";
import { WHEN_MINUTES, type FormValues } from "@/lib/reports/form-input";
import { CONNECTIONS, MAX_COMMENT_LENGTH, MAX_COMPLAINT_REF_LENGTH, PROBLEMS, type ReportStatus } from "@/lib/reports/vocabulary";
import { Html, html } from "@/components/lite/html";
import { LITE_STYLE } from "@/components/lite/lite-style";
import { SW_REGISTER_SCRIPT } from "@/lib/http/sw-register";

// The light report page (/lite, /ur/lite): the report form as plain HTML for
// feature phones and 2G. A form that posts to the server, the device's own
// fonts, one line of script (the service worker) that nothing depends on.

export type Translate = (key: string, values?: Record<string, string | number>) => string;

export const litePath = (locale: string, rest = "") => `${locale === "en" ? "" : `/${locale}`}/lite${rest}`;

type Option = { value: string; label: string };

/** The whole document around a light page's content. */
export function liteDocument(locale: string, t: Translate, title: string, body: Html): string {
  const other = locale === "ur" ? "en" : "ur";
  return html`<!doctype html>
<html lang="${locale}" dir="${locale === "ur" ? "rtl" : "ltr"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${t("app.name")}</title>
<link rel="manifest" href="/manifest.webmanifest"><meta name="theme-color" content="#b3261e">
<link rel="icon" href="/icons/icon.svg" type="image/svg+xml">
<style>${LITE_STYLE}</style></head>
<body><header><p class="top"><a href="${locale === "en" ? "/" : `/${locale}`}">${t("app.name")}</a> · <a href="${`/${other}/lite`}" lang="${other}" hreflang="${other}">${t("app.language")}</a></p></header>
<main>${body}</main>
<script>${new Html(SW_REGISTER_SCRIPT)}</script>
</body></html>`.value;
}

/** The report form, filled with what was sent and each error next to its field. */
export function liteForm(input: {
  locale: string;
  t: Translate;
  clientReportId: string;
  values: FormValues;
  errors: Record<string, string>;
  unavailable?: boolean;
  /** Refused by the hard rate limit: minutes until the reporter may try again. */
  retryMinutes?: number;
}): Html {
  const { locale, t, values, errors } = input;
  const error = (field: string) =>
    errors[field] ? html`<p class="err" id="${field}-error"><strong>${t(`errors.${errors[field]}`)}</strong></p>` : null;
  const invalid = (field: string) => (errors[field] ? html` aria-invalid="true" aria-describedby="${field}-error"` : null);
  const sorted = (items: Option[]) => items.sort((a, b) => a.label.localeCompare(b.label, locale));
  const isps = sorted(ISPS.map((i) => ({ value: i.slug, label: localName(i, locale) })));
  const services = SERVICES.map((s) => ({ value: s.slug, label: localName(s, locale) }));
  const provinces = sorted(PROVINCES.map((p) => ({ value: p.slug, label: localName(p, locale) })));
  const status = input.unavailable
    ? html`<p class="err" role="alert"><strong>${t("report.storageDown")}</strong></p>`
    : input.retryMinutes
      ? html`<p class="err" role="alert" data-testid="rate-limited"><strong>${t("report.rateLimited", { minutes: input.retryMinutes })}</strong></p>`
      : Object.keys(errors).length > 0
      ? html`<p class="err" role="alert"><strong>${t("report.fixErrors")}</strong></p>`
      : null;

  return html`<h1>${t("report.title")}</h1>
<p>${t("lite.intro")}</p>
${status}
<form method="post" action="${litePath(locale)}" accept-charset="utf-8">
<input type="hidden" name="clientReportId" value="${input.clientReportId}">
<div class="f${errors.place ? " bad" : ""}"><label for="area">${t("lite.district")}</label>
<select id="area" name="area"${invalid("place")}><option value="">${t("lite.districtPlaceholder")}</option>${provinces.map(
    (p) =>
      html`<optgroup label="${p.label}">${options(
        sorted(DISTRICTS.filter((d) => d.parent === p.value).map((d) => ({ value: d.slug, label: localName(d, locale) }))),
        values.area,
      )}</optgroup>`,
  )}</select>
<label for="place" class="sub">${t("lite.orPlace")}</label>
<input id="place" name="place" type="text" value="${values.place ?? ""}" maxlength="120">
${error("place")}</div>
${select("isp", t("report.isp"), t("report.ispPlaceholder"), isps, values.isp, invalid("isp"), error("isp"))}
${radios("connection", t("report.connection"), CONNECTIONS.map((c) => ({ value: c, label: t(`connection.${c}`) })), values.connection, error("connection"))}
${select("service", t("report.service"), t("report.servicePlaceholder"), services, values.service, invalid("service"), error("service"))}
${radios("problem", t("report.problem"), PROBLEMS.map((p) => ({ value: p, label: t(`problem.${p}`) })), values.problem, error("problem"))}
<div class="f${errors.when ? " bad" : ""}"><label for="when">${t("report.when")}</label>
<select id="when" name="when"${invalid("when")}>${options(
    WHEN_MINUTES.map((m) => ({ value: String(m), label: t(`when.${m}`) })),
    values.when ?? "0",
  )}</select>${error("when")}</div>
<p><label><input type="checkbox" name="viaVpn"${values.viaVpn === "on" ? " checked" : ""}> ${t("report.viaVpn")}</label></p>
<div class="f${errors.complaintRef ? " bad" : ""}"><label for="complaintRef">${t("report.complaintRef")}</label>
<input id="complaintRef" name="complaintRef" type="text" maxlength="${MAX_COMPLAINT_REF_LENGTH}" value="${values.complaintRef ?? ""}"${invalid("complaintRef")}>${error("complaintRef")}</div>
<div class="f${errors.comment ? " bad" : ""}"><label for="comment">${t("report.comment")}</label>
<small>${t("report.commentHint")}</small>
<textarea id="comment" name="comment" rows="3" maxlength="${MAX_COMMENT_LENGTH}"${invalid("comment")}>${values.comment ?? ""}</textarea>${error("comment")}</div>
<p><button type="submit">${t("report.submit")}</button></p>
</form>
<p><a href="${locale === "en" ? "/report" : `/${locale}/report`}">${t("lite.fullPage")}</a></p>`;
}

/** What the reporter sees once the report is stored (or was stored before). */
export function liteConfirmation(input: {
  locale: string;
  t: Translate;
  id: number;
  time: string;
  nearby: number;
  status: ReportStatus;
  duplicateWindowMinutes: number;
}): Html {
  const { locale, t } = input;
  const notCounted =
    input.status === "duplicate"
      ? html`<p data-report-status="duplicate">${t("report.notCountedDuplicate", { minutes: input.duplicateWindowMinutes })}</p>`
      : input.status === "rate_limited"
        ? html`<p data-report-status="rate_limited">${t("report.notCountedFlood")}</p>`
        : null;
  return html`<h1>${t("report.thanksTitle")}</h1>
<p class="ok" data-nearby="${input.nearby}">${t("report.thanksNearby", { count: input.nearby })}</p>${notCounted}
<p>${t("report.thanksId", { id: String(input.id), time: input.time })}</p>
<p><a href="${litePath(locale)}">${t("report.another")}</a> · <a href="${locale === "en" ? "/" : `/${locale}`}">${t("report.seeOverview")}</a></p>`;
}

function options(items: Option[], selected: string | undefined): Html {
  return html`${items.map((o) => html`<option value="${o.value}"${o.value === selected ? " selected" : ""}>${o.label}</option>`)}`;
}

function select(name: string, label: string, placeholder: string, items: Option[], value: string | undefined, invalid: Html | null, error: Html | null): Html {
  return html`<div class="f${error ? " bad" : ""}"><label for="${name}">${label}</label>
<select id="${name}" name="${name}"${invalid}><option value="">${placeholder}</option>${options(items, value)}</select>${error}</div>`;
}

function radios(name: string, legend: string, items: Option[], value: string | undefined, error: Html | null): Html {
  return html`<fieldset class="f${error ? " bad" : ""}"${error ? html` aria-describedby="${name}-error"` : null}><legend>${legend}</legend>${items.map(
    (o) => html`<label class="r"><input type="radio" name="${name}" value="${o.value}"${o.value === value ? " checked" : ""}> ${o.label}</label>`,
  )}${error}</fieldset>`;
}
