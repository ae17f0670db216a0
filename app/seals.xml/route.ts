import { latestSeals } from "@/db/queries/seals";
import { db } from "@/db/runtime";
import { errorResponse } from "@/lib/http/respond";

// The seals as an Atom feed, newest first, so a feed reader or a web archive
// keeps a copy of each hour's seal as it is published: the copies outside
// this server are what make a rewritten seal detectable (docs/exports-and-seals.md).
const ENTRIES = 48;

export async function GET(request: Request): Promise<Response> {
  try {
    const origin = new URL(request.url).origin;
    const seals = await latestSeals(db(), ENTRIES);
    const updated = seals[0]?.hour ?? new Date(0).toISOString();
    // Every value below is an ISO time, a number or hex: nothing to escape.
    const entries = seals.map(
      (s) => `  <entry>
    <id>urn:disruption-watch:seal:${s.hour}</id>
    <title>Seal of ${s.hour.slice(0, 13)}:00 UTC: ${s.reports} reports, ${s.auditEntries} moderation entries${s.version === 1 ? "" : `, ${s.statements} provider statements`}</title>
    <updated>${s.hour}</updated>
    <link href="${origin}/api/v1/seals?from=${s.hour}"/>
    <content type="text">hour ${s.hour}
version ${s.version}
reports ${s.reports}
auditEntries ${s.auditEntries}
statements ${s.statements}
content ${s.content}
prev ${s.prev}
sha256 ${s.sha256}</content>
  </entry>`,
    );
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:disruption-watch:seals</id>
  <title>Disruption Watch: hourly seals</title>
  <updated>${updated}</updated>
  <link rel="self" href="${origin}/seals.xml"/>
  <link rel="alternate" href="${origin}/data"/>
  <author><name>Disruption Watch</name></author>
${entries.join("\n")}
</feed>
`;
    return new Response(xml, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
