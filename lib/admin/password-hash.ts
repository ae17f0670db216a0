import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// Moderator passwords, hashed with scrypt — memory-hard, and in node:crypto,
// so no native add-on sits in the sign-in path. Parameters are OWASP's for
// scrypt (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1, which needs
// 128 MiB and a few hundred milliseconds per hash; a 16-byte random salt and
// a 32-byte key. Argon2id would be the first choice, but Node 20 has none
// built in (Node 24 adds crypto.argon2) and the add-ons need a native build
// or per-platform binaries.
//
// Stored as a self-describing string in the PHC format
//
//   $scrypt$ln=17,r=8,p=1$<salt, base64>$<key, base64>
//
// so the parameters can be raised later: an old hash still verifies with its
// own, and `needsRehash` says to store a new one at the next sign-in. A
// later scheme (say $argon2id$) can sit beside it the same way.

export type ScryptParams = { ln: number; r: number; p: number };

/** What new hashes use. Raising these re-hashes each account at its next sign-in. */
export const CURRENT_PARAMS: ScryptParams = { ln: 17, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds on what a stored hash may ask for, so a damaged or planted row
// cannot make one verification take minutes or gigabytes.
const MAX_LN = 22;
const MAX_R = 32;
const MAX_P = 16;

type Parsed = { params: ScryptParams; salt: Buffer; key: Buffer };

/** The memory scrypt needs for these parameters (128 · N · r bytes), with room to spare. */
const maxmemOf = (p: ScryptParams) => 256 * 2 ** p.ln * p.r + 16 * 1024 * 1024;

/**
 * Passwords are compared as Unicode NFKC (NIST SP 800-63B): the same Urdu
 * or accented password typed on two keyboards can arrive as different code
 * points, and must still match.
 */
export const normalisePassword = (password: string) => password.normalize("NFKC");

function derive(password: string, salt: Buffer, params: ScryptParams, keyBytes: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** params.ln, r: params.r, p: params.p, maxmem: maxmemOf(params) };
  return new Promise((resolve, reject) =>
    scrypt(normalisePassword(password), salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const b64 = (b: Buffer) => b.toString("base64").replace(/=+$/, "");

export function formatHash(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

export function parseHash(stored: string): Parsed | undefined {
  const m = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{22,})$/.exec(stored);
  if (!m) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 1 || params.ln > MAX_LN || params.r < 1 || params.r > MAX_R || params.p < 1 || params.p > MAX_P) return undefined;
  const salt = Buffer.from(m[4]!, "base64");
  const key = Buffer.from(m[5]!, "base64");
  if (salt.length < 16 || key.length < 16) return undefined;
  return { params, salt, key };
}

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return formatHash(params, salt, await derive(password, salt, params, KEY_BYTES));
}

export type Verification = { ok: boolean; needsRehash: boolean };

/**
 * Whether `password` matches the stored hash, compared in constant time, and
 * whether the hash should be replaced (weaker parameters than today's). A
 * malformed hash never matches, but costs a hash all the same.
 */
export async function verifyPassword(password: string, stored: string): Promise<Verification> {
  const parsed = parseHash(stored);
  if (!parsed) {
    await derive(password, randomBytes(SALT_BYTES), CURRENT_PARAMS, KEY_BYTES);
    return { ok: false, needsRehash: true };
  }
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  const ok = timingSafeEqual(key, parsed.key);
  const p = parsed.params;
  const c = CURRENT_PARAMS;
  return { ok, needsRehash: p.ln < c.ln || p.r < c.r || p.p < c.p || parsed.key.length < KEY_BYTES };
}

/**
 * A well-formed hash with today's parameters that no password matches (its
 * key is random). Signing in as an unknown or disabled user verifies against
 * it, so the answer takes as long as for a wrong password: the time says
 * nothing about which usernames exist.
 */
export const UNMATCHABLE_HASH = formatHash(CURRENT_PARAMS, randomBytes(SALT_BYTES), randomBytes(KEY_BYTES));
