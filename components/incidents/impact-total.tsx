import { getFormatter, getTranslations } from "next-intl/server";
import { impactTotal } from "@/db/queries/impact";
import { Link } from "@/i18n/navigation";
import type { Filters } from "@/lib/filters";
import type { ImpactInputs } from "@/lib/impact/inputs";

/** The estimates of the incidents in a window, totalled without counting an area twice (db/queries/impact.ts); on the incident list and the brief. */
export async function ImpactTotal({ filters, inputs }: { filters: Filters; inputs: ImpactInputs }) {
  const t = await getTranslations("impact");
  const format = await getFormatter();
  const total = await impactTotal(filters, inputs);
  if (total.estimated === 0 && total.unestimated === 0) return null;
  const usd = (x: number) => format.number(x, { style: "currency", currency: "USD", notation: "compact", maximumSignificantDigits: 3 });
  const pkr = (x: number) => format.number(x * inputs.pkrPerUsd.value, { style: "currency", currency: "PKR", notation: "compact", maximumSignificantDigits: 3 });
  return (
    <div className="impact-total" data-testid="impact-total" data-low={total.low} data-central={total.central} data-high={total.high} data-version={total.inputsVersion}>
      <p>
        <strong>{t("total", { low: usd(total.low), high: usd(total.high), central: usd(total.central) })}</strong>{" "}
        <span className="muted" data-testid="impact-total-pkr">
          {t("totalPkr", { low: pkr(total.low), high: pkr(total.high), central: pkr(total.central), rate: format.number(inputs.pkrPerUsd.value) })}
        </span>
      </p>
      <p className="muted">
        {t("totalNote", { counted: total.counted, version: total.inputsVersion })}{" "}
        {total.unestimated > 0 ? `${t("totalUnestimated", { count: total.unestimated })} ` : ""}
        <Link href="/methodology#impact">{t("method")}</Link>
      </p>
    </div>
  );
}
