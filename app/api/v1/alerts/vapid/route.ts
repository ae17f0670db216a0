import { vapidKeys } from "@/db/alerts/keys";
import { db } from "@/db/runtime";
import { env } from "@/lib/env";
import { errorResponse, json } from "@/lib/http/respond";

/** GET /api/v1/alerts/vapid: the public key a browser subscribes to push with. */
export async function GET(): Promise<Response> {
  try {
    return json({ publicKey: (await vapidKeys(db(), env())).publicKey });
  } catch (error) {
    return errorResponse(error);
  }
}
