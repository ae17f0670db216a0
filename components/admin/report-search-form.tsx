import { getLocale, getTranslations } from "next-intl/server";
import { DISTRICTS, ISPS, PROVINCES, SERVICES, localName } from "@/lib/reference";
import { SEARCH_WINDOWS, type ReportSearch, type SearchErrors } from "@/lib/moderation/report-search-params";
import { REPORT_STATUSES } from "@/lib/reports/vocabulary";
import { instantToLocal } from "@/lib/time/zone";

/**
 * Find a report: by its number, or by window, area, provider, service and
 * status. A plain GET form: the search is in the URL and works without
 * JavaScript.
 */
export async function ReportSearchForm({ search, errors, timeZone, action }: { search: ReportSearch; errors: SearchErrors; timeZone: string; action: string }) {
  const t = await getTranslations("admin.search");
  const tErrors = await getTranslations("admin.errors");
  const tStatus = await getTranslations("admin.report.statuses");
  const tWindow = await getTranslations("dashboard.windows");
  const locale = await getLocale();
  const error = (name: keyof SearchErrors) =>
    errors[name] ? (
      <p id={`search-${name}-error`} className="field-error">
        {tErrors(errors[name] as "invalid")}
      </p>
    ) : null;
  const described = (name: keyof SearchErrors) => (errors[name] ? { "aria-invalid": true as const, "aria-describedby": `search-${name}-error` } : {});
  return (
    <div className="admin-search">
      <form method="get" action={action} className="filter-bar" role="search" aria-label={t("byIdLabel")}>
        <label className="filter">
          {t("id")}
          <input type="text" name="id" dir="ltr" inputMode="numeric" defaultValue={search.id ?? ""} size={10} {...described("id")} />
        </label>
        <button type="submit" className="button">
          {t("open")}
        </button>
        {error("id")}
      </form>
      <form method="get" action={action} className="filter-bar" role="search" aria-label={t("filtersLabel")}>
        <label className="filter">
          {t("window")}
          <select name="window" defaultValue={search.window}>
            {(Object.keys(SEARCH_WINDOWS) as (keyof typeof SEARCH_WINDOWS)[]).map((w) => (
              <option key={w} value={w}>
                {tWindow(w)}
              </option>
            ))}
            <option value="custom">{tWindow("custom")}</option>
          </select>
        </label>
        <label className="filter">
          {t("from")}
          <input type="datetime-local" name="fromLocal" defaultValue={search.window === "custom" ? instantToLocal(search.from, timeZone) : ""} {...described("fromLocal")} />
        </label>
        <label className="filter">
          {t("to")}
          <input type="datetime-local" name="toLocal" defaultValue={search.window === "custom" ? instantToLocal(search.to, timeZone) : ""} {...described("toLocal")} />
        </label>
        <label className="filter">
          {t("area")}
          <select name="area" defaultValue={search.area ?? ""} {...described("area")}>
            <option value="">{t("any")}</option>
            {PROVINCES.map((p) => (
              <optgroup key={p.slug} label={localName(p, locale)}>
                <option value={p.slug}>{t("wholeProvince", { province: localName(p, locale) })}</option>
                {DISTRICTS.filter((d) => d.parent === p.slug).map((d) => (
                  <option key={d.slug} value={d.slug}>
                    {localName(d, locale)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="filter">
          {t("isp")}
          <select name="isp" defaultValue={search.isp ?? ""} {...described("isp")}>
            <option value="">{t("any")}</option>
            {ISPS.map((i) => (
              <option key={i.slug} value={i.slug}>
                {localName(i, locale)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          {t("service")}
          <select name="service" defaultValue={search.service ?? ""} {...described("service")}>
            <option value="">{t("any")}</option>
            {SERVICES.map((s) => (
              <option key={s.slug} value={s.slug}>
                {localName(s, locale)}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          {t("status")}
          <select name="status" defaultValue={search.status ?? ""} {...described("status")}>
            <option value="">{t("any")}</option>
            {REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {tStatus(s)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button primary">
          {t("find")}
        </button>
        {error("window")}
        {error("fromLocal")}
        {error("toLocal")}
        {error("area")}
        {error("isp")}
        {error("service")}
        {error("status")}
      </form>
    </div>
  );
}
