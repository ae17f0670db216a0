import { getTranslations } from "next-intl/server";
import { StatementView } from "@/components/statements/statement-view";
import { db } from "@/db/runtime";
import { statementsOfIncidents } from "@/db/statements/statements-of";
import { Link } from "@/i18n/navigation";
import { scopeName } from "@/lib/detection/scope-names";
import type { ScopeKind } from "@/lib/detection/scopes";

/**
 * The providers' statements on the incidents a brief lists, under the plain
 * sentence that they are the providers' own accounts: a committee reading the
 * figures reads the answer beside them. Nothing when no provider has spoken.
 */
export async function BriefStatements({ incidents, locale }: { incidents: { id: number; primary: { kind: ScopeKind; key: string } }[]; locale: string }) {
  const byIncident = await statementsOfIncidents(
    db(),
    incidents.map((i) => i.id),
  );
  const spoken = incidents.filter((i) => (byIncident.get(i.id)?.length ?? 0) > 0);
  if (spoken.length === 0) return null;
  const t = await getTranslations("Statements");
  return (
    <section aria-labelledby="brief-statements" className="brief-block brief-statements" data-testid="brief-statements">
      <h2 id="brief-statements">{t("title")}</h2>
      <p>{t("briefIntro")}</p>
      <p className="muted">
        <strong>{t("notVerified")}</strong>
      </p>
      {spoken.map((i) => (
        <div key={i.id} className="brief-statement-incident" data-incident-id={i.id}>
          <h3>
            <Link href={`/incidents/${i.id}`}>{t("briefOn", { scope: scopeName(i.primary, locale) })}</Link>
          </h3>
          {byIncident.get(i.id)!.map((s) => (
            <StatementView key={s.id} statement={s} headingLevel={4} />
          ))}
        </div>
      ))}
    </section>
  );
}
