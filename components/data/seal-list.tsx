import { getTranslations } from "next-intl/server";
import { latestSeals } from "@/db/queries/seals";
import { db } from "@/db/runtime";

const SHOWN = 6;

/** The newest seals, newest first, as published at GET /api/v1/seals. */
export async function SealList() {
  const t = await getTranslations("data");
  const tStatements = await getTranslations("Statements");
  const seals = await latestSeals(db(), SHOWN);
  return (
    <section aria-labelledby="latest-seals">
      <h3 id="latest-seals">{t("latestTitle")}</h3>
      {seals.length === 0 ? (
        <p className="empty">{t("noSeals")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table seals" data-testid="seal-list">
            <thead>
              <tr>
                <th scope="col">{t("hour")}</th>
                <th scope="col">{t("reports")}</th>
                <th scope="col">{t("auditEntries")}</th>
                <th scope="col">{tStatements("sealColumn")}</th>
                <th scope="col">{t("sha256")}</th>
              </tr>
            </thead>
            <tbody>
              {seals.map((s) => (
                <tr key={s.hour}>
                  <td dir="ltr">{s.hour.slice(0, 16).replace("T", " ")}</td>
                  <td>{s.reports}</td>
                  <td>{s.auditEntries}</td>
                  {/* A version 1 seal (made before statements existed) has no place for them. */}
                  <td>{s.version === 1 ? "—" : s.statements}</td>
                  <td>
                    <code dir="ltr" className="hash">{s.sha256}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
