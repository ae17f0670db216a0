import type { ReactNode } from "react";
import { getFormatter, getTranslations } from "next-intl/server";
import { signOutAction } from "@/app/[locale]/admin/login/actions";
import { env } from "@/lib/env";

/** Who is signed in (`who`, in the section's own words), when the session ends, and the sign-out button: the moderators' and the ISP desk's bar. */
export async function AccountBar({ who, sessionExpiresAt, testId }: { who: ReactNode; sessionExpiresAt: Date; testId: string }) {
  const t = await getTranslations("admin");
  const format = await getFormatter();
  const ends = format.dateTime(sessionExpiresAt, { timeStyle: "short", timeZone: env().DISPLAY_TIME_ZONE });
  return (
    <div className="admin-bar">
      <p className="admin-who" data-testid={testId}>
        {who} <span className="muted">· {t("sessionEnds", { time: ends })}</span>
      </p>
      <form action={signOutAction}>
        <button type="submit" className="button">
          {t("signOut")}
        </button>
      </form>
    </div>
  );
}
