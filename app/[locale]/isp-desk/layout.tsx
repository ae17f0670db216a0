import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { requireIspStaff } from "@/app/[locale]/admin/moderator";
import { AccountBar } from "@/components/admin/account-bar";
import { AdminNav } from "@/components/admin/admin-nav";
import { findIsp, localName } from "@/lib/reference";

// The ISP desk (docs/isp-desk.md): signed-in staff of one provider. Not for
// search engines or caches (next.config.ts sends no-store). Each page and
// action checks the session itself too: layouts are not re-run on every
// navigation.
export const metadata: Metadata = { robots: { index: false, follow: false, nocache: true } };

export default async function IspDeskLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const staff = await requireIspStaff(locale);
  const t = await getTranslations("IspDesk");
  const isp = findIsp(staff.isp);
  return (
    <div className="admin isp-desk" data-testid="isp-desk" data-isp={staff.isp}>
      <AccountBar
        testId="desk-who"
        sessionExpiresAt={staff.sessionExpiresAt}
        who={t.rich("signedInAs", { username: staff.username, isp: isp ? localName(isp, locale) : staff.isp, name: (chunks) => <bdi>{chunks}</bdi> })}
      />
      <AdminNav
        label={t("nav.label")}
        items={[
          { href: "/isp-desk", label: t("nav.desk") },
          { href: "/isp-desk/api", label: t("nav.api") },
          { href: `/isp/${staff.isp}`, label: t("nav.public") },
        ]}
      />
      {children}
    </div>
  );
}
