import { createHmac, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { LRUCache } from "lru-cache";
import type pino from "pino";
import type { Db } from "@/db/client";
import { tokenOf, type TokenHolder } from "@/db/isp-desk/tokens";
import { hashApiToken, looksLikeApiToken } from "@/lib/isp-desk/token";
import { readsPerMinute } from "@/lib/isp-desk/tiers";
import { errorMessage, log } from "@/lib/ops/log";

// The read API's rate limit (GET and HEAD of the data reads under /api/v1/), checked by the
// server entry before the micro-cache, so a refused read costs neither a
// render nor a database query. Reports (POST) have their own limit, shared
// by every instance in the database (lib/abuse); this one is not:
//
// - It is a fixed one-minute window kept in this instance's memory. No
//   database write per read: a read is the cheapest thing the app does, and
//   a limit that wrote a row for each would cost more than the read. So the
//   limit holds per instance: behind a load balancer of N instances a client
//   may make up to N times the figure. It is a guard against one client
//   taking an instance's reads for itself, not a quota.
// - A reader without a token is known by an HMAC of its address (the one
//   the entry wrote into X-Forwarded-For) with a salt made at start and
//   never written anywhere: the address itself is neither kept nor logged,
//   and the keys mean nothing after a restart. READ_RATE_LIMIT_PER_MINUTE
//   (default 600; 0 turns the limit off).
// - `Authorization: Bearer <token>` is an ISP's token (db/isp-desk/tokens.ts):
//   counted by token id at its tier's figure (lib/isp-desk/tiers.ts), and
//   each read is logged by token id, never the token. An unknown or revoked
//   token is a 401. A verified token is remembered for TOKEN_CACHE_MS, so a
//   revoke takes effect on every instance within 30 seconds.

const WINDOW_MS = 60_000;
export const TOKEN_CACHE_MS = 30_000;
/** Distinct clients counted in one window; past it a new one goes uncounted rather than the map growing without end. */
const MAX_KEYS = 500_000;
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
/**
 * The data reads. Not what a reporter's browser fetches for itself — the
 * form's lists (meta, places, which the service worker keeps for offline
 * use), the connection check (measure), the alerts' push key: behind
 * carrier-grade NAT a whole city's phones share an address, and a viral
 * outage sends them all to the report form at once.
 */
const LIMITED = /^\/api\/v1\/(timeline|breakdown|map|area-hours|incidents|comments|signals|export|seals)(\/|\?|$)/;

/** true: the read may go on; false: it was answered here (401 or 429). */
export type ReadLimit = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export type ReadLimitOptions = {
  db: Db;
  /** Reads a minute without a token, per instance; 0: no limit. */
  anonymousPerMinute: number;
  /** The clock (a test holds it inside one window). */
  now?: () => Date;
  /** How long a token's verdict is kept (TOKEN_CACHE_MS; a test shortens it). */
  tokenCacheMs?: number;
  logger?: pino.Logger;
};

export function readLimit(o: ReadLimitOptions): ReadLimit {
  const salt = randomBytes(32);
  const clock = o.now ?? (() => new Date());
  const logger = () => o.logger ?? log();
  let window = 0;
  let counts = new Map<string, number>();
  // By the token's hash, never the token; unknown and revoked tokens too (null), so a flood of bad ones does not reach the database.
  const verdicts = new LRUCache<string, { holder: TokenHolder | null }>({ max: 10_000, ttl: o.tokenCacheMs ?? TOKEN_CACHE_MS });
  // Lookups under way, by the token's hash: a burst of reads with a new token asks the database once.
  const lookups = new Map<string, Promise<TokenHolder | null>>();
  // Hashes of tokens that were valid once: asking again about them (each TOKEN_CACHE_MS) is not counted as a made-up token.
  const everValid = new LRUCache<string, true>({ max: 10_000 });

  /** Counts one read against `limit`; the headers say where the client stands. */
  function take(key: string, limit: number, now: number) {
    const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    if (start !== window) {
      window = start;
      counts = new Map();
    }
    const used = (counts.get(key) ?? 0) + 1;
    if (counts.has(key) || counts.size < MAX_KEYS) counts.set(key, used);
    const reset = Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000));
    return { ok: used <= limit, reset, headers: { "RateLimit-Limit": String(limit), "RateLimit-Remaining": String(Math.max(0, limit - used)), "RateLimit-Reset": String(reset) } };
  }

  function admit(req: IncomingMessage, res: ServerResponse, key: string, limit: number, now: number, who: "connection" | "token"): boolean {
    if (limit <= 0) return true;
    const counted = take(key, limit, now);
    for (const [name, value] of Object.entries(counted.headers)) res.setHeader(name, value);
    if (counted.ok) return true;
    refuse(req, res, 429, { "Retry-After": String(counted.reset) }, {
      code: "rate_limited",
      message: `Too many reads from this ${who} in this minute (${limit} allowed). Try again in ${counted.reset} s.`,
    });
    return false;
  }

  function anonymous(req: IncomingMessage, res: ServerResponse, now: number): boolean {
    return admit(req, res, `a:${addressKey(req, salt)}`, o.anonymousPerMinute, now, "connection");
  }

  function withToken(req: IncomingMessage, res: ServerResponse, holder: TokenHolder, now: number): boolean {
    // Every read by a token, refused ones too: the path without its query, the answer's status.
    const path = (req.url ?? "").split("?")[0];
    res.once("close", () => logger().info({ token: holder.id, path, status: res.statusCode }, "read with a token"));
    // The limit off (0) is off for tokens too: a token must never leave a reader worse off than none.
    return o.anonymousPerMinute <= 0 || admit(req, res, `t:${holder.id}`, readsPerMinute(holder.tier), now, "token");
  }

  return (req, res) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !LIMITED.test(pathOf(req.url))) return true;
    const now = clock();
    const token = BEARER.exec(String(req.headers.authorization ?? ""))?.[1];
    // No token (or another scheme, which the read API does not use): a reader like any other.
    if (!token) return anonymous(req, res, now.getTime());
    const hash = hashApiToken(token);
    const known = verdicts.get(hash);
    const decide = (holder: TokenHolder | null) => {
      if (holder) return withToken(req, res, holder, now.getTime());
      refuse(req, res, 401, { "WWW-Authenticate": 'Bearer error="invalid_token"' }, {
        code: "invalid_token",
        message: "This token is not known or has been revoked. Read without it, or make a new one on the ISP desk.",
        field: "Authorization",
      });
      return false;
    };
    if (known) return decide(known.holder);
    const asked = lookups.get(hash);
    if (asked) return asked.then(decide, () => anonymous(req, res, now.getTime()));
    // A token never seen valid costs a database read: counted against the
    // connection first, so a flood of made-up tokens is limited like reads
    // (reads that arrive while it is looked up wait for the same answer).
    if (looksLikeApiToken(token) && !everValid.has(hash) && !anonymous(req, res, now.getTime())) return false;
    const lookup = tokenOf(o.db, token, now).then(
      (holder) => {
        verdicts.set(hash, { holder: holder ?? null });
        if (holder) everValid.set(hash, true);
        return holder ?? null;
      },
      (error: unknown) => {
        logger().warn({ error: errorMessage(error) }, "token lookup failed; read counted without it");
        throw error;
      },
    );
    lookups.set(hash, lookup);
    void lookup.finally(() => lookups.delete(hash)).catch(() => undefined);
    return lookup.then(
      decide,
      // The database could not say: read as a reader without a token (the
      // micro-cache may still answer), and ask again next time.
      () => true,
    );
  };
}

/** The request's path as the router reads it: an absolute-form target or a percent-encoded path is not a way round the limit. */
function pathOf(url: string | undefined): string {
  try {
    return decodeURIComponent(new URL(url ?? "/", "http://local").pathname);
  } catch {
    return url ?? "";
  }
}

/** The keyed hash of the address the server entry wrote (the last X-Forwarded-For entry: the peer's, or the trusted proxy's). */
function addressKey(req: IncomingMessage, salt: Buffer): string {
  const forwarded = String(req.headers["x-forwarded-for"] ?? "");
  const address = forwarded.split(",").map((p) => p.trim()).filter(Boolean).pop() ?? "unknown";
  return createHmac("sha256", salt).update(address).digest("base64url").slice(0, 22);
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, error: { code: string; message: string; field?: string }) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
  res.end(req.method === "HEAD" ? undefined : JSON.stringify({ error }));
}
