import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubscription } from "@/db/alerts/subscriptions";
import { alertJobs, DELIVER_ALERTS_EVERY_MS, QUEUE_ALERTS_EVERY_MS } from "@/db/jobs/alerts";
import { runScheduledTurn } from "@/db/jobs/scheduler";
import { incidents, incidentScopes, notifications } from "@/db/schema";
import { env, reloadEnv } from "@/lib/env";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

// The alert jobs as the server runs them (db/jobs/alerts.ts), stepped through
// time turn by turn on both databases: an incident opens, the queue job owes
// one notice, the delivery job sends it once, and later turns send nothing.

describe.each(DRIVERS)("the alert jobs stepped through time on %s", (driver) => {
  let t: TestDatabase;
  const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    Object.assign(process.env, { WEBHOOK_ALLOW_PRIVATE: "1", PUBLIC_URL: "https://disruption.example.org" });
    reloadEnv();
    t = await createTestDatabase(driver);
  });
  afterAll(async () => {
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
    delete process.env.PUBLIC_URL;
    reloadEnv();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
    await t?.drop();
  });

  it("owes one notice when an incident opens and delivers it once, turn after turn", async () => {
    const [queue, deliver] = alertJobs(env());
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const t0 = Date.now();
    const { secret } = await createSubscription(t.handle.db, { channel: "webhook", url, follows: { services: ["whatsapp"], isps: [], areas: [] }, notifyEnd: false, lang: "en" }, new Date(t0));
    const opened = new Date(t0 + 60_000);
    const [row] = await t.handle.db
      .insert(incidents)
      .values({ scopeKind: "service", scopeKey: "whatsapp", startedAt: new Date(t0), lastUnusualAt: opened, reports: 50, expected: 5, peakAt: opened, peakCount: 12, peakExpected: 1, updatedAt: opened })
      .returning({ id: incidents.id });
    await t.handle.db.insert(incidentScopes).values({ incidentId: row!.id, kind: "service", key: "whatsapp", startedAt: new Date(t0), openedAt: opened, lastUnusualAt: opened, reports: 50, expected: 5, peakAt: opened, peakCount: 12, peakExpected: 1 });

    // Ten minutes of the server's turns: the queue every minute, delivery every 30 s.
    for (let at = t0 + 90_000; at < t0 + 11 * 60_000; at += DELIVER_ALERTS_EVERY_MS) {
      if ((at - t0) % QUEUE_ALERTS_EVERY_MS === 30_000) await runScheduledTurn(t.handle.db, queue!, new Date(at));
      await runScheduledTurn(t.handle.db, deliver!, new Date(at));
    }
    expect(got).toHaveLength(1);
    expect(new Webhook(secret!).verify(got[0]!.body, got[0]!.headers as Record<string, string>)).toMatchObject({ type: "incident.opened", data: { id: row!.id } });
    expect(await t.handle.db.select({ status: notifications.status, attempts: notifications.attempts }).from(notifications)).toEqual([{ status: "sent", attempts: 1 }]);
  });
});
