import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { isRtl } from "@/i18n/routing";
import { env } from "@/lib/env";
import { findIsp, localName } from "@/lib/reference";
import { isEdited, type StatementThread, type StatementVersion } from "@/lib/statements/thread";
import type { StatementStatus } from "@/lib/statements/vocabulary";

const BADGE: Record<StatementStatus, string> = {
  investigating: "status-problem",
  identified: "status-elevated",
  monitoring: "status-elevated",
  resolved: "status-normal",
};

// Unicode's first-strong isolate: the moderator's English reason on an Urdu
// page (or an Urdu one on an English page) keeps its own direction, as <bdi>
// would, inside a sentence that is one translated string.
const isolate = (text: string) => `\u2068${text}\u2069`;

/** The provider's name in the page's language (its slug if the reference data has lost it). */
export const ispName = (isp: string, locale: string) => {
  const found = findIsp(isp);
  return found ? localName(found, locale) : isp;
};

/**
 * One statement as the public reads it: under the provider's name and the
 * time of its latest version, its status, its words in their own language and
 * direction (an Urdu statement on an English page reads right to left, and
 * the reverse), the cause and restored time when given, and "edited" with
 * every version in a <details>. A hidden statement shows only that it was
 * hidden, by whom and why: none of its words.
 */
export async function StatementView({ statement, headingLevel = 3 }: { statement: StatementThread; headingLevel?: 3 | 4 }) {
  const t = await getTranslations("Statements");
  const locale = await getLocale();
  const format = await getFormatter();
  const timeZone = env().DISPLAY_TIME_ZONE;
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone });
  const name = ispName(statement.isp, locale);
  const Heading = `h${headingLevel}` as const;
  if (statement.hidden) {
    return (
      <article className="statement statement-hidden" data-testid="statement" data-statement-id={statement.id} data-hidden="true">
        <p className="muted">{t("hidden", { isp: isolate(name), reason: isolate(statement.hidden.reason) })}</p>
      </article>
    );
  }
  const latest = statement.latest;
  return (
    <article className="statement" data-testid="statement" data-statement-id={statement.id} data-version={latest.version} data-isp={statement.isp}>
      <Heading className="statement-head">
        <bdi>{name}</bdi> <span className={`status-badge ${BADGE[latest.status]}`}>{t(`status.${latest.status}`)}</span>
      </Heading>
      <p className="muted statement-time">
        <time dateTime={latest.postedAt.toISOString()}>{t("postedAt", { time: when(latest.postedAt) })}</time>
        {isEdited(statement) ? <> · {t("edited")}</> : null}
      </p>
      <VersionBody version={latest} when={when} labels={{ cause: t("cause"), restored: t("restored") }} />
      {isEdited(statement) ? (
        <details className="statement-history" data-testid="statement-history">
          <summary>{t("history", { count: statement.history.length })}</summary>
          <ol>
            {statement.history.map((v) => (
              <li key={v.version} data-version={v.version}>
                <p className="muted">
                  {t("version", { version: v.version, time: when(v.postedAt) })} · {t(`status.${v.status}`)}
                </p>
                <VersionBody version={v} when={when} labels={{ cause: t("cause"), restored: t("restored") }} />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </article>
  );
}

/** A version's words, cause and restored time. The words keep their own language and direction. */
function VersionBody({ version, when, labels }: { version: StatementVersion; when: (d: Date) => string; labels: { cause: string; restored: string } }) {
  return (
    <>
      <p className="statement-text" lang={version.lang} dir={isRtl(version.lang) ? "rtl" : "ltr"}>
        {version.text}
      </p>
      {version.cause || version.restoredAt ? (
        <dl className="statement-facts">
          {version.cause ? (
            <div>
              <dt>{labels.cause}</dt>
              <dd lang={version.lang} dir={isRtl(version.lang) ? "rtl" : "ltr"}>
                {version.cause}
              </dd>
            </div>
          ) : null}
          {version.restoredAt ? (
            <div>
              <dt>{labels.restored}</dt>
              <dd>
                <time dateTime={version.restoredAt.toISOString()}>{when(version.restoredAt)}</time>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </>
  );
}
