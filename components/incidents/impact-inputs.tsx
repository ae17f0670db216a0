import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { CURRENT_INPUTS, IMPACT_VERSIONS, type Range } from "@/lib/impact/inputs";
import { findArea, findIsp, localName } from "@/lib/reference";

/** Every input of the current economic-impact version with its value and source, on /methodology (reference/impact/). */
export async function ImpactInputs() {
  const t = await getTranslations("methodology.impact");
  const tTerms = await getTranslations("impact");
  const format = await getFormatter();
  const locale = await getLocale();
  const i = CURRENT_INPUTS;
  const pct = (x: number) => format.number(x, { style: "percent", maximumSignificantDigits: 3 });
  const range = (r: Range) => (r.low === r.high ? pct(r.central) : `${pct(r.low)} · ${pct(r.central)} · ${pct(r.high)}`);
  const rows: [string, string, string][] = [
    [tTerms("terms.gdpPerDay"), `${format.number(i.gdpUsd.value / 365, { style: "currency", currency: "USD", notation: "compact", maximumSignificantDigits: 4 })} (${i.gdpUsd.year})`, i.gdpUsd.source],
    [tTerms("pkrPerUsd"), `${format.number(i.pkrPerUsd.value)} (${i.pkrPerUsd.date})`, i.pkrPerUsd.source],
    [tTerms("terms.lossRate"), range(i.lossRate), i.lossRate.source],
    ...Object.entries(i.areaShares.provinces).map(([slug, r]): [string, string, string] => [
      `${tTerms("terms.areaShare")}: ${findArea(slug) ? localName(findArea(slug)!, locale) : slug}`,
      range(r),
      i.areaShares.source,
    ]),
    [`${tTerms("terms.networkShare")}: ${tTerms("basisValue.connection.mobile")}`, range(i.networkShares.mobile), i.networkShares.mobile.source],
    [`${tTerms("terms.networkShare")}: ${tTerms("basisValue.connection.fixed")}`, range(i.networkShares.fixed), i.networkShares.fixed.source],
    ...Object.entries(i.networkShares.operators).map(([slug, share]): [string, string, string] => [
      `${tTerms("terms.networkShare")}: ${findIsp(slug) ? localName(findIsp(slug)!, locale) : slug}`,
      pct(share),
      i.networkShares.operatorSource,
    ]),
    ...(["full", "slow", "platform", "media", "vpn"] as const).map((kind): [string, string, string] => [
      `${tTerms("terms.serviceWeight")}: ${tTerms(`kinds.${kind}`)}`,
      range(i.serviceWeights[kind]),
      i.serviceWeights.source,
    ]),
    [tTerms("terms.itExports"), `${format.number(i.itExports.valueUsd, { style: "currency", currency: "USD", notation: "compact" })} (${i.itExports.year}) × ${range(i.itExports.share)}`, i.itExports.source],
  ];
  return (
    <>
      <h3>{t("inputsTitle", { version: i.version })}</h3>
      <div className="table-scroll">
        <table className="data-table impact-terms" data-testid="impact-inputs">
          <thead>
            <tr>
              <th scope="col">{t("input")}</th>
              <th scope="col">{t("value")}</th>
              <th scope="col">{t("source")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, value, source]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td dir="ltr">{value}</td>
                <td className="impact-source" lang="en" dir="ltr">
                  {source}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t("versions", { versions: IMPACT_VERSIONS.map((v) => v.version).join(", ") })}</p>
    </>
  );
}
