import { sql } from "drizzle-orm";
import { db } from "@/db/runtime";
import { eventLoopLag } from "@/lib/http/event-loop-lag";
import { errorResponse, json } from "@/lib/http/respond";

/**
 * Ready when the database answers; tests and load balancers wait on this.
 * `eventLoopLag`: how late the server's event loop ran over the last ten
 * seconds (lib/http/event-loop-lag.ts), so monitoring sees a server that is
 * up but stalling.
 */
export async function GET(): Promise<Response> {
  try {
    await db().execute(sql`select 1`);
    return json({ ok: true, eventLoopLag: eventLoopLag() ?? null });
  } catch (error) {
    return errorResponse(error);
  }
}
