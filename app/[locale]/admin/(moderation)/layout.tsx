import type { ReactNode } from "react";
import { getFormatter, getTranslations } from "next-intl/server";
import { signOutAction } from "@/app/[locale]/admin/login/actions";
import { requireModerator } from "@/app/[locale]/admin/moderator";
import { AdminNav } from "@/components/admin/admin-nav";
import { env } from "@/lib/env";
import { actorOf } from "@/lib/moderation/vocabulary";

// The signed-in part of the admin: who is signed in, the sections, sign out.
// Each page checks the session itself too (layouts are not re-run on every
// navigation), and so does every action.
export default async function ModerationLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const moderator = await requireModerator(locale);
  const t = await getTranslations("admin");
  const tStatements = await getTranslations("Statements.moderation");
  const format = await getFormatter();
  const ends = format.dateTime(moderator.sessionExpiresAt, { timeStyle: "short", timeZone: env().DISPLAY_TIME_ZONE });
  return (
    <div className="admin" data-testid="admin">
      <div className="admin-bar">
        <p className="admin-who" data-testid="admin-who">
          {t.rich("signedInAs", { username: moderator.username, actor: actorOf(moderator.accountId), name: (chunks) => <bdi>{chunks}</bdi> })} <span className="muted">· {t("sessionEnds", { time: ends })}</span>
        </p>
        <form action={signOutAction}>
          <button type="submit" className="button">
            {t("signOut")}
          </button>
        </form>
      </div>
      <AdminNav
        label={t("nav.label")}
        items={[
          { href: "/admin", label: t("nav.comments") },
          { href: "/admin/reports", label: t("nav.reports") },
          { href: "/admin/statements", label: tStatements("nav") },
          { href: "/admin/audit", label: t("nav.audit") },
        ]}
      />
      {children}
    </div>
  );
}
