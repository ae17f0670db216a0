import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { mergedInto } from "@/db/statements/statements-of";
import { NextIntlClientProvider } from "next-intl";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { requireIspStaff } from "@/app/[locale]/admin/moderator";
import { Notice } from "@/components/admin/notice";
import { StatementForm } from "@/components/statements/statement-form";
import { StatementView } from "@/components/statements/statement-view";
import { getIncidentSummary } from "@/db/incidents/summaries";
import { db } from "@/db/runtime";
import { statementsOf } from "@/db/statements/statements-of";
import { clientMessages } from "@/i18n/client-messages";
import { Link, redirect } from "@/i18n/navigation";
import { parseIncidentId } from "@/lib/detection/incident-id";
import { scopeName } from "@/lib/detection/scope-names";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { touchesIsp } from "@/lib/isp-desk/touches";
import { instantToLocal } from "@/lib/time/zone";
import { zoneLabel } from "@/lib/time/zone-name";

type Props = { params: Promise<{ locale: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const NOTICES = new Set(["posted", "edited", "unchanged"]);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, id } = await params;
  const t = await getTranslations({ locale, namespace: "Statements.desk" });
  return { title: t("title", { id: /^\d{1,15}$/.test(id) ? id : "" }) };
}

/** The incident, read fresh (the desk is never cached), if it touches the provider's network; else nothing. */
async function incidentOnNetwork(raw: string, isp: string) {
  let id: number;
  try {
    id = parseIncidentId(raw);
  } catch (error) {
    if (error instanceof ApiError) return undefined;
    throw error;
  }
  const incident = await getIncidentSummary(db(), id);
  return incident && touchesIsp(incident.scopes, isp) ? incident : undefined;
}

/**
 * The provider's right of reply on one incident: the incident in brief, the
 * provider's statements on it (as the public reads them, each with its edit
 * form) and the form to post a new one. An incident that does not touch the
 * provider's network, or does not exist, is not found (not-found.tsx says
 * which rule): a provider answers for its own network only, and learns
 * nothing here about another's.
 */
export default async function DeskIncidentPage({ params, searchParams }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const staff = await requireIspStaff(locale);
  const incident = await incidentOnNetwork(id, staff.isp);
  if (!incident) {
    // An incident merged into another: its statements are there now.
    const into = /^\d{1,15}$/.test(id) ? await mergedInto(db(), Number(id)) : undefined;
    if (into !== undefined) redirect({ href: `/isp-desk/incidents/${into}`, locale });
    notFound();
  }
  const query = await searchParams;
  const notice = typeof query.notice === "string" && NOTICES.has(query.notice) ? query.notice : undefined;
  const t = await getTranslations("Statements");
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short", timeZone });
  const own = (await statementsOf(db(), incident.id)).filter((s) => s.isp === staff.isp);
  const zone = zoneLabel(timeZone, locale);
  const fresh = { status: "investigating", text: "", lang: locale === "ur" ? "ur" : "en", cause: "", restoredAt: "" };

  return (
    <div className="page admin-page desk-incident" data-testid="desk-incident-page" data-incident-id={incident.id}>
      <p>
        <Link href="/isp-desk">{t("desk.back")}</Link> · <Link href={`/incidents/${incident.id}`}>{t("desk.public")}</Link>
      </p>
      <h1>{t("desk.title", { id: incident.id })}</h1>
      {notice ? (
        <Notice tone="done">
          <p>{t(`desk.notices.${notice}` as "desk.notices.posted")}</p>
        </Notice>
      ) : null}
      <section className="card" aria-labelledby="desk-incident-summary">
        <h2 id="desk-incident-summary">{t("desk.summary")}</h2>
        <dl className="incident-facts">
          <div>
            <dt>{t("desk.scope")}</dt>
            <dd>{scopeName(incident.primary, locale)}</dd>
          </div>
          <div>
            <dt>{t("desk.state")}</dt>
            <dd>{incident.status === "ongoing" ? t("desk.ongoing") : t("desk.closed")}</dd>
          </div>
          <div>
            <dt>{t("desk.started")}</dt>
            <dd>{when(incident.start)}</dd>
          </div>
          {incident.end ? (
            <div>
              <dt>{t("desk.ended")}</dt>
              <dd>{when(incident.end)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t("desk.reports")}</dt>
            <dd>{format.number(incident.reports)}</dd>
          </div>
        </dl>
      </section>

      <NextIntlClientProvider messages={await clientMessages(["Statements"])}>
        <section className="card statements" aria-labelledby="desk-statements" data-testid="desk-statements">
          <h2 id="desk-statements">{t("desk.yours")}</h2>
          <p className="muted">{t("notVerified")}</p>
          {own.length === 0 ? <p className="empty">{t("desk.none")}</p> : null}
          {own.map((s) => (
            <div key={s.id} className="desk-statement">
              <StatementView statement={s} />
              {s.hidden ? null : (
                <details className="statement-edit">
                  <summary>{t("form.editTitle")}</summary>
                  <StatementForm
                    incidentId={incident.id}
                    statement={{ id: s.id }}
                    zone={zone}
                    defaults={{
                      status: s.latest.status,
                      text: s.latest.text,
                      lang: s.latest.lang,
                      cause: s.latest.cause ?? "",
                      restoredAt: s.latest.restoredAt ? instantToLocal(s.latest.restoredAt, timeZone) : "",
                    }}
                  />
                </details>
              )}
            </div>
          ))}
        </section>
        <section className="card" aria-labelledby="desk-post">
          <h2 id="desk-post">{t("form.postTitle")}</h2>
          <StatementForm incidentId={incident.id} zone={zone} defaults={fresh} />
        </section>
      </NextIntlClientProvider>
    </div>
  );
}
