import { getTranslations } from "next-intl/server";
import { detectionConfig } from "@/lib/detection/detection-settings";

/** How incidents are found, with the thresholds in force (DETECTION_* settings). */
export async function MethodologyNote() {
  const t = await getTranslations("incidents");
  const c = detectionConfig();
  return (
    <details className="card methodology" data-testid="methodology">
      <summary>{t("methodologyTitle")}</summary>
      <p>
        {t("methodology", {
          window: c.windowMinutes,
          bandScale: c.bandScale,
          minRatio: c.minRatio,
          minCount: c.minCount,
          sustain: c.sustainMinutes,
          quiet: c.quietMinutes,
        })}
      </p>
    </details>
  );
}
