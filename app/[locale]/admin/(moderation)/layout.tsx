import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { requireModerator } from "@/app/[locale]/admin/moderator";
import { AccountBar } from "@/components/admin/account-bar";
import { AdminNav } from "@/components/admin/admin-nav";
import { actorOf } from "@/lib/moderation/vocabulary";

// The signed-in part of the admin: who is signed in, the sections, sign out.
// Each page checks the session itself too (layouts are not re-run on every
// navigation), and so does every action.
export default async function ModerationLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const moderator = await requireModerator(locale);
  const t = await getTranslations("admin");
  const tStatements = await getTranslations("Statements.moderation");
  return (
    <div className="admin" data-testid="admin">
      <AccountBar
        testId="admin-who"
        sessionExpiresAt={moderator.sessionExpiresAt}
        who={t.rich("signedInAs", { username: moderator.username, actor: actorOf(moderator.accountId), name: (chunks) => <bdi>{chunks}</bdi> })}
      />
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
