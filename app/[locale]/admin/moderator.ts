import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { moderatorOf, type Moderator } from "@/db/admin/sessions";
import { db } from "@/db/runtime";
import { redirect } from "@/i18n/navigation";
import { SESSION_COOKIE } from "@/lib/admin/session-policy";

// Every admin page and every moderation action asks here, on the server,
// who is signed in; nothing in the browser decides it.

/** Once per request, however many layouts, pages and components ask. */
export const currentModerator = cache(async (): Promise<Moderator | undefined> => moderatorOf(db(), (await cookies()).get(SESSION_COOKIE)?.value));

/**
 * The signed-in moderator, or a redirect: to the sign-in page (saying the
 * session ended, when there was one), or, for an ISP's staff, to their desk.
 * ISP accounts never see the moderation pages nor may use their actions.
 */
export async function requireModerator(locale: string): Promise<Moderator> {
  const moderator = await currentModerator();
  if (moderator?.role === "isp") return redirect({ href: "/isp-desk", locale });
  if (moderator) return moderator;
  const hadSession = (await cookies()).has(SESSION_COOKIE);
  return redirect({ href: hadSession ? { pathname: "/admin/login", query: { ended: "1" } } : "/admin/login", locale });
}

export type IspStaff = Moderator & { role: "isp"; isp: string };

/** The signed-in member of an ISP's staff, or a redirect: moderators to /admin, anyone else to sign in. */
export async function requireIspStaff(locale: string): Promise<IspStaff> {
  const account = await currentModerator();
  if (account?.role === "isp" && account.isp) return account as IspStaff;
  if (account) return redirect({ href: "/admin", locale });
  const hadSession = (await cookies()).has(SESSION_COOKIE);
  return redirect({ href: hadSession ? { pathname: "/admin/login", query: { ended: "1" } } : "/admin/login", locale });
}

/** Where an account lands after signing in. */
export const homeOf = (account: Pick<Moderator, "role">) => (account.role === "isp" ? "/isp-desk" : "/admin");
