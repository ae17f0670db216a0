import { getFormatter, getTranslations } from "next-intl/server";
import { revokeTokenAction } from "@/app/[locale]/isp-desk/api/actions";
import type { TokenRow } from "@/db/isp-desk/tokens";
import { env } from "@/lib/env";

/** The ISP's tokens: name, first characters, when made, last used and revoked, and a Revoke button (a plain form post) for each live one. */
export async function ApiTokensTable({ tokens }: { tokens: TokenRow[] }) {
  const t = await getTranslations("IspDeskApi.tokens");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short", timeZone: env().DISPLAY_TIME_ZONE });
  if (tokens.length === 0) return <p className="empty">{t("empty")}</p>;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t("caption")}>
      <table className="data-table" data-testid="tokens-table">
        <caption className="visually-hidden">{t("caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("col.label")}</th>
            <th scope="col">{t("col.prefix")}</th>
            <th scope="col">{t("col.created")}</th>
            <th scope="col">{t("col.lastUsed")}</th>
            <th scope="col">{t("col.revoked")}</th>
            <th scope="col">{t("col.action")}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} data-token={token.id} data-revoked={token.revokedAt ? "true" : undefined}>
              <th scope="row">
                <bdi>{token.label}</bdi>
              </th>
              <td>
                <code dir="ltr">{token.prefix}…</code>
              </td>
              <td className="nowrap">{when(token.createdAt)}</td>
              <td className="nowrap">{token.lastUsedAt ? when(token.lastUsedAt) : t("never")}</td>
              <td className="nowrap">{token.revokedAt ? when(token.revokedAt) : t("notRevoked")}</td>
              <td>
                {token.revokedAt ? (
                  "—"
                ) : (
                  <form action={revokeTokenAction}>
                    <input type="hidden" name="id" value={token.id} />
                    <button type="submit" className="button" aria-label={t("revokeNamed", { label: token.label })}>
                      {t("revoke")}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
