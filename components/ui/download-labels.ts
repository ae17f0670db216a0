import { getTranslations } from "next-intl/server";
import type { DownloadPngLabels } from "@/components/ui/download-png";

/** The PNG download's words in the page's language ("{time}" is filled in when the image is made). */
export async function downloadLabels(): Promise<DownloadPngLabels> {
  const t = await getTranslations("download");
  return { download: t("png"), generated: t("generated", { time: "{time}" }), failed: t("failed") };
}
