import { env } from "@/lib/env";

// The ceiling for `npm run bench:ingest`: a route handler that only parses the
// JSON body and answers 201, so the benchmark can say how close the real
// report path comes to what Next.js itself can serve. Off unless BENCH=1.
export async function POST(request: Request): Promise<Response> {
  if (!env().BENCH) return new Response(null, { status: 404 });
  await request.json();
  return Response.json({ ok: true }, { status: 201 });
}
