"use server";

import { cookies, headers } from "next/headers";
import { getLocale } from "next-intl/server";
import { homeOf } from "@/app/[locale]/admin/moderator";
import { revokeSession } from "@/db/admin/sessions";
import { signIn } from "@/db/admin/sign-in";
import { db } from "@/db/runtime";
import { dailySecret } from "@/db/secrets";
import { redirect } from "@/i18n/navigation";
import { loginSchema } from "@/lib/admin/account-input";
import { ABSOLUTE_MS, SESSION_COOKIE } from "@/lib/admin/session-policy";
import { clientAddress } from "@/lib/privacy/client-address";
import { clientKey } from "@/lib/privacy/client-key";
import { isStorageFailure } from "@/lib/storage-failure";

export type SignInState =
  | { status: "idle"; username: string }
  | { status: "invalid"; username: string; errors: Partial<Record<"username" | "password", string>> }
  | { status: "wrong"; username: string }
  | { status: "rate_limited"; username: string; retryAfterSeconds: number }
  | { status: "busy"; username: string }
  | { status: "unavailable"; username: string };

/**
 * The sign-in form's action (a plain POST without JavaScript). Next refuses
 * it when the request's Origin is not this site. The password never comes
 * back in the answer; the username does, to fill the field again.
 */
export async function signInAction(_previous: SignInState, data: FormData): Promise<SignInState> {
  const raw = { username: String(data.get("username") ?? ""), password: String(data.get("password") ?? "") };
  const username = raw.username.slice(0, 200);
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: Partial<Record<"username" | "password", string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "username" || field === "password") && !errors[field]) errors[field] = issue.message === "password_long" ? "password_long" : "required";
    }
    return { status: "invalid", username, errors };
  }
  let result;
  try {
    const key = clientKey(clientAddress(await headers()), await dailySecret(db()));
    result = await signIn(db(), { ...parsed.data, clientKey: key });
  } catch (error) {
    if (isStorageFailure(error)) return { status: "unavailable", username };
    throw error;
  }
  if (!result.ok) {
    if (result.reason === "rate_limited") return { status: "rate_limited", username, retryAfterSeconds: result.retryAfterSeconds };
    if (result.reason === "busy") return { status: "busy", username };
    return { status: "wrong", username };
  }
  (await cookies()).set(SESSION_COOKIE, result.token, {
    httpOnly: true,
    secure: true,
    sameSite: "strict",
    path: "/",
    maxAge: ABSOLUTE_MS / 1000,
  });
  return redirect({ href: homeOf(result), locale: await getLocale() });
}

/** Signing out ends the session in the database, not only in this browser. */
export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  await revokeSession(db(), jar.get(SESSION_COOKIE)?.value);
  jar.delete({ name: SESSION_COOKIE, path: "/", secure: true, httpOnly: true, sameSite: "strict" });
  return redirect({ href: { pathname: "/admin/login", query: { signedOut: "1" } }, locale: await getLocale() });
}
