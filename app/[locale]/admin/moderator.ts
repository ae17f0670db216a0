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

/** The signed-in moderator, or a redirect to the sign-in page (saying the session ended, when there was one). */
export async function requireModerator(locale: string): Promise<Moderator> {
  const moderator = await currentModerator();
  if (moderator) return moderator;
  const hadSession = (await cookies()).has(SESSION_COOKIE);
  return redirect({ href: hadSession ? { pathname: "/admin/login", query: { ended: "1" } } : "/admin/login", locale });
}
