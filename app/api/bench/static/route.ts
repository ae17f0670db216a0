// The ceiling for `npm run bench:reads`: a page rendered once at build time,
// and answered from the micro-cache (server/response-cache.ts) as the cached
// pages are: the fastest answer this app can give to a reader.
export const dynamic = "force-static";

export function GET(): Response {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Disruption Watch</title></head><body><h1>Disruption Watch</h1><p>${"Static reference page. ".repeat(200)}</p></body></html>`;
  return new Response(body, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}
