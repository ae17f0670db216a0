import { DEFAULT_DETECTION, type DetectionConfig } from "@/lib/detection/detection-config";
import { env } from "@/lib/env";

/** The thresholds in force: the measured defaults, each overridable by a DETECTION_* setting (lib/env.ts). */
export function detectionConfig(): DetectionConfig {
  const e = env();
  return {
    windowMinutes: e.DETECTION_WINDOW_MINUTES ?? DEFAULT_DETECTION.windowMinutes,
    minCount: e.DETECTION_MIN_COUNT ?? DEFAULT_DETECTION.minCount,
    bandScale: e.DETECTION_BAND_SCALE ?? DEFAULT_DETECTION.bandScale,
    minRatio: e.DETECTION_MIN_RATIO ?? DEFAULT_DETECTION.minRatio,
    sustainMinutes: e.DETECTION_SUSTAIN_MINUTES ?? DEFAULT_DETECTION.sustainMinutes,
    quietMinutes: e.DETECTION_QUIET_MINUTES ?? DEFAULT_DETECTION.quietMinutes,
  };
}
