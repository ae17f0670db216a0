import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { signOutAction } from "@/app/[locale]/admin/login/actions";
import { requireIspStaff } from "@/app/[locale]/admin/moderator";
import { AdminNav } from "@/components/admin/admin-nav";
import { env } from "@/lib/env";
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
  const tAdmin = await getTranslations("admin");
  const format = await getFormatter();
  const isp = findIsp(staff.isp);
  const ends = format.dateTime(staff.sessionExpiresAt, { timeStyle: "short", timeZone: env().DISPLAY_TIME_ZONE });
  return (
    <div className="admin isp-desk" data-testid="isp-desk" data-isp={staff.isp}>
      <div className="admin-bar">
        <p className="admin-who" data-testid="desk-who">
          {t.rich("signedInAs", { username: staff.username, isp: isp ? localName(isp, locale) : staff.isp, name: (chunks) => <bdi>{chunks}</bdi> })}{" "}
          <span className="muted">· {tAdmin("sessionEnds", { time: ends })}</span>
        </p>
        <form action={signOutAction}>
          <button type="submit" className="button">
            {tAdmin("signOut")}
          </button>
        </form>
      </div>
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
