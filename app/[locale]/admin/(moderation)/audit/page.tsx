import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { requireModerator } from "@/app/[locale]/admin/moderator";
import { AuditTable } from "@/components/admin/audit-table";
import { auditEntries } from "@/db/queries/audit-log";
import { db } from "@/db/runtime";
import { Link } from "@/i18n/navigation";
import { decodeCursor } from "@/lib/moderation/cursor";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "admin.audit" });
  return { title: t("title") };
}

/** Every moderation action and account change, newest first. */
export default async function AuditPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  await requireModerator(locale);
  const query = await searchParams;
  const cursor = typeof query.cursor === "string" ? query.cursor : undefined;
  const t = await getTranslations("admin.audit");
  const page = await auditEntries(db(), decodeCursor(cursor));
  return (
    <div className="page admin-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      {page.items.length === 0 ? <p className="empty">{t("empty")}</p> : <AuditTable entries={page.items} caption={t("title")} />}
      {page.next || cursor ? (
        <p className="pager">
          {cursor ? <Link href="/admin/audit">{t("newest")}</Link> : null}
          {page.next ? (
            <Link href={{ pathname: "/admin/audit", query: { cursor: page.next } }} rel="next">
              {t("older")}
            </Link>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
