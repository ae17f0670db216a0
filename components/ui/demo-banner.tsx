import { getTranslations } from "next-intl/server";
import { runtime } from "@/db/runtime";

/** On every page of a demo database: the data is synthetic, said plainly. */
export async function DemoBanner() {
  if (!runtime().demo) return null;
  const t = await getTranslations("app");
  return (
    <div className="demo-banner" role="note">
      {t("demoBanner")}
    </div>
  );
}
