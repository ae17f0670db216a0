import { sql } from "drizzle-orm";
import { db } from "@/db/runtime";
import { errorResponse, json } from "@/lib/http/respond";

/** Ready when the database answers; tests and load balancers wait on this. */
export async function GET(): Promise<Response> {
  try {
    await db().execute(sql`select 1`);
    return json({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}
