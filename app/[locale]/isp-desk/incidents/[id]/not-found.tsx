import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";

/**
 * An incident the provider may not answer: none with that number, or one
 * that does not touch its network (a 404 either way, so the desk tells one
 * provider nothing about another's incidents).
 */
export default async function DeskIncidentNotFound() {
  const t = await getTranslations("Statements.desk");
  return (
    <div className="page admin-page" data-testid="desk-incident-not-found">
      <h1>{t("notFoundTitle")}</h1>
      <p>{t("notFound")}</p>
      <p>
        <Link href="/isp-desk">{t("back")}</Link>
      </p>
    </div>
  );
}
