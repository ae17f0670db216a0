import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { addIspAccount } from "@/db/admin/accounts";
import { createToken, listTokens, revokeToken, tokenOf } from "@/db/isp-desk/tokens";
import { apiTokens, ispOrgs } from "@/db/schema";
import { hashApiToken } from "@/lib/isp-desk/token";
import { TIERS } from "@/lib/isp-desk/tiers";
import { readLimit, type ReadLimitOptions } from "@/server/read-limit";
import { requestListener } from "@/server/request-listener";
import { createTestDatabase, DRIVERS, type TestDatabase } from "@/tests/support/databases";

// An ISP's read-API tokens on both databases: kept as a hash, scoped to
// their ISP, revocable; and the read limit as the server entry applies it
// (server/request-listener.ts with a render of the test's own): a reader
// without a token is held to its limit, a token to its tier's, a revoked
// or unknown token is refused, and each read by token is logged by id.

const PASSWORD = "correct horse battery staple";
const T0 = Date.parse("2026-03-02T10:00:05Z");

describe.each(DRIVERS)("ISP API tokens on %s", (driver) => {
  let t: TestDatabase;
  let jazz = { id: 0 };
  let zong = { id: 0 };
  const servers: Server[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(driver);
    jazz = await addIspAccount(t.handle.db, "jazz", "jazz-noc", PASSWORD);
    zong = await addIspAccount(t.handle.db, "zong", "zong-noc", PASSWORD);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    await t?.drop();
  });

  /** The server entry's request path with this read limit; the render answers every path with 200 and says it ran. */
  async function serve(o: Omit<ReadLimitOptions, "db">, trustProxy = true) {
    const renders: string[] = [];
    const server = createServer(
      requestListener({
        trustProxy,
        lastStorageFailure: () => 0,
        readLimit: readLimit({ db: t.handle.db, ...o }),
        render: async (req, res) => {
          renders.push(`${req.method} ${req.url}`);
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ rendered: req.url }));
        },
      }),
    );
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = (path: string, headers: Record<string, string> = {}, method = "GET") => fetch(`${base}${path}`, { method, headers });
    return { get, renders };
  }

  it("keeps only the token's hash, and shows the token once", async () => {
    const made = await createToken(t.handle.db, { isp: "jazz", label: "  NOC   dashboard ", accountId: jazz.id }, new Date(T0));
    expect(made.token).toMatch(/^dwt_[A-Za-z0-9_-]{43}$/);
    const rows = rowsOf<{ row: string }>(await t.handle.db.execute(sql`select row_to_json(t)::text as row from api_tokens t`));
    const table = rows.map((r) => r.row).join("\n");
    expect(table).not.toContain(made.token);
    expect(table).not.toContain(made.token.slice(4));
    expect(table).toContain(hashApiToken(made.token));
    const [listed] = await listTokens(t.handle.db, "jazz");
    expect(listed).toMatchObject({ id: made.id, label: "NOC dashboard", prefix: made.token.slice(0, 10), lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(made.token);
  });

  it("names the label when it is missing or too long", async () => {
    await expect(createToken(t.handle.db, { isp: "jazz", label: "   ", accountId: jazz.id }, new Date(T0))).rejects.toMatchObject({ status: 400, code: "required", field: "label" });
    await expect(createToken(t.handle.db, { isp: "jazz", label: "x".repeat(61), accountId: jazz.id }, new Date(T0))).rejects.toMatchObject({ status: 400, code: "label_long", field: "label" });
    expect((await createToken(t.handle.db, { isp: "jazz", label: "y".repeat(60), accountId: jazz.id }, new Date(T0))).token).toMatch(/^dwt_/);
  });

  it("is scoped to its ISP: another ISP can neither see nor revoke it", async () => {
    const theirs = await createToken(t.handle.db, { isp: "zong", label: "Zong NOC", accountId: zong.id }, new Date(T0));
    expect((await listTokens(t.handle.db, "jazz")).map((r) => r.id)).not.toContain(theirs.id);
    expect(await revokeToken(t.handle.db, "jazz", theirs.id, new Date(T0))).toBe(false);
    const [row] = await t.handle.db.select().from(apiTokens).where(eq(apiTokens.id, theirs.id));
    expect(row!.revokedAt).toBeNull();
    expect(await tokenOf(t.handle.db, theirs.token, new Date(T0))).toEqual({ id: theirs.id, isp: "zong", tier: "standard" });
  });

  it("is revocable: unknown from then on, and revoked once", async () => {
    const made = await createToken(t.handle.db, { isp: "jazz", label: "to revoke", accountId: jazz.id }, new Date(T0));
    expect(await tokenOf(t.handle.db, made.token, new Date(T0))).toMatchObject({ id: made.id, isp: "jazz" });
    expect(await revokeToken(t.handle.db, "jazz", made.id, new Date(T0 + 1000))).toBe(true);
    expect(await revokeToken(t.handle.db, "jazz", made.id, new Date(T0 + 2000))).toBe(false);
    expect(await tokenOf(t.handle.db, made.token, new Date(T0 + 3000))).toBeUndefined();
    expect(await tokenOf(t.handle.db, "dwt_" + "A".repeat(43), new Date(T0))).toBeUndefined();
    expect(await tokenOf(t.handle.db, "not a token", new Date(T0))).toBeUndefined();
    const [listed] = (await listTokens(t.handle.db, "jazz")).filter((r) => r.id === made.id);
    expect(listed!.revokedAt?.getTime()).toBe(T0 + 1000);
  });

  it("notes a token's last use at most once a minute", async () => {
    const made = await createToken(t.handle.db, { isp: "jazz", label: "last used", accountId: jazz.id }, new Date(T0));
    const lastUsed = async () => (await t.handle.db.select().from(apiTokens).where(eq(apiTokens.id, made.id)))[0]!.lastUsedAt?.getTime();
    await tokenOf(t.handle.db, made.token, new Date(T0 + 1000));
    expect(await lastUsed()).toBe(T0 + 1000);
    await tokenOf(t.handle.db, made.token, new Date(T0 + 30_000));
    expect(await lastUsed()).toBe(T0 + 1000);
    await tokenOf(t.handle.db, made.token, new Date(T0 + 61_000));
    expect(await lastUsed()).toBe(T0 + 61_000);
  });

  it("holds a reader without a token to its limit per address and minute; pages and reports are not counted", async () => {
    let now = T0;
    const { get, renders } = await serve({ anonymousPerMinute: 3, now: () => new Date(now) });
    const from = (address: string) => ({ "x-forwarded-for": address });
    for (let i = 0; i < 3; i++) {
      const res = await get(`/api/v1/incidents?n=${i}`, from("203.0.113.5"));
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      expect(res.headers.get("ratelimit-remaining")).toBe(String(2 - i));
    }
    const refused = await get("/api/v1/incidents?n=3", from("203.0.113.5"));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBe(55);
    expect(refused.headers.get("content-type")).toContain("application/json");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(renders).not.toContain("GET /api/v1/incidents?n=3");
    // Another address has its own count; pages and report posts are not counted; a HEAD is a read like a GET.
    expect((await get("/api/v1/incidents", from("203.0.113.6"))).status).toBe(200);
    expect((await get("/", from("203.0.113.5"))).status).toBe(200);
    // What a reporter's browser fetches for the form is never refused: a city's phones may share one address.
    for (const path of ["/api/v1/meta", "/api/v1/places/ur", "/api/v1/measure"]) expect((await get(path, from("203.0.113.5"))).status, path).toBe(200);
    expect((await get("/api/v1/reports", from("203.0.113.5"), "POST")).status).toBe(200);
    expect((await get("/api/v1/incidents", from("203.0.113.5"), "HEAD")).status).toBe(429);
    // The next minute starts afresh.
    now = T0 + 60_000;
    expect((await get("/api/v1/incidents?n=4", from("203.0.113.5"))).status).toBe(200);
  });

  it("gives a token its tier's limit, logs each read by token id, and refuses a revoked or unknown token with 401", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const made = await createToken(t.handle.db, { isp: "jazz", label: "NOC poller", accountId: jazz.id }, new Date(T0));
    const { get } = await serve({ anonymousPerMinute: 3, now: () => new Date(T0), logger, tokenCacheMs: 300 });
    const bearer = { authorization: `Bearer ${made.token}` };

    // Far past the anonymous 3: exactly the standard tier's figure, then 429.
    const limit = TIERS.standard.readsPerMinute;
    const statuses: number[] = [];
    for (let i = 0; i < limit; i += 100) {
      statuses.push(...(await Promise.all(Array.from({ length: Math.min(100, limit - i) }, (_, j) => get(`/api/v1/incidents?isp=jazz&i=${i + j}`, bearer).then((r) => r.status)))));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
    const over = await get("/api/v1/incidents?isp=jazz&over", bearer);
    expect(over.status).toBe(429);
    expect(over.headers.get("ratelimit-limit")).toBe(String(limit));
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);

    // Each read logged by the token's id, never the token.
    await new Promise((r) => setTimeout(r, 50));
    const entries = lines.map((l) => JSON.parse(l) as { token?: number; path?: string; status?: number; msg: string });
    const mine = entries.filter((e) => e.token === made.id);
    expect(mine.length).toBeGreaterThanOrEqual(limit);
    expect(mine[0]).toMatchObject({ path: "/api/v1/incidents", status: 200 });
    expect(mine.some((e) => e.status === 429)).toBe(true);
    expect(lines.join("")).not.toContain(made.token);

    // A partner's tier is higher (read afresh once the verdict lapses).
    await t.handle.db.update(ispOrgs).set({ tier: "partner" }).where(eq(ispOrgs.isp, "jazz"));
    const other = await createToken(t.handle.db, { isp: "jazz", label: "partner poller", accountId: jazz.id }, new Date(T0));
    const partner = await get("/api/v1/incidents", { authorization: `Bearer ${other.token}` });
    expect(partner.status).toBe(200);
    expect(partner.headers.get("ratelimit-limit")).toBe(String(TIERS.partner.readsPerMinute));
    await t.handle.db.update(ispOrgs).set({ tier: "standard" }).where(eq(ispOrgs.isp, "jazz"));

    // Revoked: refused once the instance's remembered verdict lapses (30 s in production).
    expect(await revokeToken(t.handle.db, "jazz", other.id, new Date(T0))).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    const revoked = await get("/api/v1/incidents", { authorization: `Bearer ${other.token}` });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    expect(await revoked.json()).toEqual({ error: { code: "invalid_token", message: expect.any(String), field: "Authorization" } });
    for (const value of [`Bearer dwt_${"B".repeat(43)}`, "Bearer not-a-token"]) {
      expect((await get("/api/v1/incidents", { authorization: value })).status).toBe(401);
    }
  });

  it("counts made-up tokens against the connection, so a flood of them is refused like reads without one", async () => {
    const { get } = await serve({ anonymousPerMinute: 2, now: () => new Date(T0 + 120_000) });
    const madeUp = (c: string) => ({ authorization: `Bearer dwt_${c.repeat(43)}`, "x-forwarded-for": "198.51.100.9" });
    expect((await get("/api/v1/incidents", madeUp("C"))).status).toBe(401);
    expect((await get("/api/v1/incidents", madeUp("D"))).status).toBe(401);
    expect((await get("/api/v1/incidents", madeUp("E"))).status).toBe(429);
  });
});
