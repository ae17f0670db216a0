import { getTranslations } from "next-intl/server";
import { StatementView } from "@/components/statements/statement-view";
import type { StatementThread } from "@/lib/statements/thread";

/**
 * "Statements from providers" on an incident's page: each provider's own
 * account, under the plain sentence that the project has not verified it.
 * Nothing at all when no provider has spoken.
 */
export async function StatementsSection({ statements }: { statements: StatementThread[] }) {
  if (statements.length === 0) return null;
  const t = await getTranslations("Statements");
  return (
    <section className="card statements" aria-labelledby="incident-statements" data-testid="incident-statements">
      <h2 id="incident-statements">{t("title")}</h2>
      <p className="muted" data-testid="statements-note">
        {t("notVerified")}
      </p>
      {statements.map((s) => (
        <StatementView key={s.id} statement={s} />
      ))}
    </section>
  );
}
