"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { requireIspStaff } from "@/app/[locale]/admin/moderator";
import { createToken, revokeToken } from "@/db/isp-desk/tokens";
import { registerIspWebhook, removeIspWebhook } from "@/db/isp-desk/webhooks";
import { db } from "@/db/runtime";
import { redirect } from "@/i18n/navigation";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { byIdInput, newTokenInput, newWebhookInput } from "@/lib/isp-desk/api-input";
import { fieldErrors, formFields } from "@/lib/moderation/moderation-input";
import { isStorageFailure } from "@/lib/storage-failure";

// The desk's "API and webhooks" mutations, as server actions: each checks
// on the server that an ISP's staff is signed in (and acts for that ISP
// only, whatever the form says), validates its fields (zod, the failing
// field named), and answers. Next refuses a post whose Origin is not this
// site. Without JavaScript they are plain form posts. A new token or
// webhook secret is in the answer once and nowhere else.

export type NewTokenState =
  | { status: "idle" }
  | { status: "invalid"; label: string; errors: Record<string, string> }
  | { status: "created"; label: string; token: string };

export type NewWebhookState =
  | { status: "idle" }
  | { status: "invalid"; url: string; errors: Record<string, string> }
  | { status: "created"; url: string; secret: string };

const PAGE = "/[locale]/isp-desk/api";

/** Why a store failed, as a field's error code; anything else is a bug and is thrown. */
function refusal(error: unknown, field: string): Record<string, string> {
  if (error instanceof ApiError && error.status < 500) return { [error.field ?? field]: error.code };
  if (isStorageFailure(error)) return { form: "unavailable" };
  throw error;
}

export async function createTokenAction(_previous: NewTokenState, data: FormData): Promise<NewTokenState> {
  const staff = await requireIspStaff(await getLocale());
  const fields = formFields(data, ["label"]);
  const label = (fields.label ?? "").slice(0, 200);
  const parsed = newTokenInput.safeParse(fields);
  if (!parsed.success) return { status: "invalid", label, errors: fieldErrors(parsed.error) };
  try {
    const made = await createToken(db(), { isp: staff.isp, label: parsed.data.label, accountId: staff.accountId }, new Date());
    revalidatePath(PAGE, "page");
    return { status: "created", label: parsed.data.label, token: made.token };
  } catch (error) {
    return { status: "invalid", label, errors: refusal(error, "label") };
  }
}

export async function revokeTokenAction(data: FormData): Promise<void> {
  return rowAction(data, (isp, id) => revokeToken(db(), isp, id, new Date()), "revoked");
}

export async function registerWebhookAction(_previous: NewWebhookState, data: FormData): Promise<NewWebhookState> {
  const locale = await getLocale();
  const staff = await requireIspStaff(locale);
  const fields = formFields(data, ["url"]);
  const url = (fields.url ?? "").slice(0, 2000);
  const parsed = newWebhookInput.safeParse(fields);
  if (!parsed.success) return { status: "invalid", url, errors: fieldErrors(parsed.error) };
  try {
    const made = await registerIspWebhook(db(), { isp: staff.isp, url: parsed.data.url, lang: locale === "ur" ? "ur" : "en" }, new Date(), { allowPrivate: env().WEBHOOK_ALLOW_PRIVATE });
    revalidatePath(PAGE, "page");
    return { status: "created", url: parsed.data.url, secret: made.secret };
  } catch (error) {
    return { status: "invalid", url, errors: refusal(error, "url") };
  }
}

export async function removeWebhookAction(data: FormData): Promise<void> {
  return rowAction(data, (isp, id) => removeIspWebhook(db(), isp, id, new Date()), "removed");
}

/**
 * A row's button (revoke a token, remove a webhook), on this ISP's rows only:
 * back to the page with what happened — done, not found (another ISP's id
 * changes nothing), a bad id, or the storage could not say.
 */
async function rowAction(data: FormData, act: (isp: string, id: number) => Promise<boolean>, done: "revoked" | "removed"): Promise<void> {
  const locale = await getLocale();
  const staff = await requireIspStaff(locale);
  const parsed = byIdInput.safeParse(formFields(data, ["id"]));
  let notice = "invalid";
  if (parsed.success) {
    try {
      notice = (await act(staff.isp, parsed.data.id)) ? done : "not_found";
    } catch (error) {
      if (!isStorageFailure(error)) throw error;
      notice = "unavailable";
    }
  }
  return redirect({ href: { pathname: "/isp-desk/api", query: { notice } }, locale });
}
