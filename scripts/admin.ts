import { eq } from "drizzle-orm";
import { AccountError, addAccount, addIspAccount, changePassword, checkPassword, checkUsername, disableAccount, enableAccount, listAccounts } from "@/db/admin/accounts";
import { bootDatabase, databaseConfig } from "@/db/boot";
import { DataFolderLockedError, type DatabaseHandle } from "@/db/client";
import { adminAccounts } from "@/db/schema";
import { ispTier, setIspTier } from "@/db/isp-desk/tier";
import { env } from "@/lib/env";
import { isTier, readsPerMinute, TIER_NAMES, type Tier } from "@/lib/isp-desk/tiers";
import { actorOf } from "@/lib/moderation/vocabulary";
import { PasswordInputError, promptHidden, readPipedLine } from "@/scripts/read-password";

// npm run admin -- add <username>       a moderator account (asks for the password twice)
// npm run admin -- isp add <isp-slug> <username>
//                                       an ISP staff account: it sees only that ISP's desk (/isp-desk)
// npm run admin -- isp tier <isp-slug> [standard|partner]
//                                       the provider's tier (its tokens' read limit), shown or set
// npm run admin -- passwd <username>    a new password; the account's sessions end
// npm run admin -- disable <username>   the account can no longer sign in; its sessions end
// npm run admin -- enable <username>    a disabled account may sign in again
// npm run admin -- list                 the accounts, with their sessions
//
// On the database the app uses: DATABASE_URL, else the PGlite folder
// DATA_DIR. PGlite allows one process per folder: with the app running on it,
// this refuses (stop the app, run the command, start it again). Exit code 0:
// done; 1: refused (a bad name or password, no such account); 2: could not run.

const USAGE = `usage: npm run admin -- add <username>
       npm run admin -- isp add <isp-slug> <username>
       npm run admin -- isp tier <isp-slug> [${TIER_NAMES.join("|")}]
       npm run admin -- passwd <username>
       npm run admin -- disable <username>
       npm run admin -- enable <username>
       npm run admin -- list

The password is asked for twice, without echo, at a terminal; piped in, the
first line of standard input is the password (for scripts).`;

class UsageError extends Error {}

async function main(args: string[]): Promise<number> {
  if (args[0] === "isp") return ispCommand(args.slice(1));
  const [command, rawUsername, ...rest] = args;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (!["add", "passwd", "disable", "enable", "list"].includes(command)) throw new UsageError(`unknown command "${command}"`);
  if (command === "list" ? rawUsername !== undefined : rawUsername === undefined || rest.length > 0) {
    throw new UsageError(command === "list" ? "list takes no username" : `${command} takes one username`);
  }
  // Before opening the database: a typo in the name should not wait for it.
  const username = command === "list" ? "" : checkUsername(rawUsername!);

  const config = databaseConfig(env());
  const handle = await bootDatabase(config);
  try {
    const where = config.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `the database in ${env().DATA_DIR}`;
    if (command === "list") return await list(handle);
    const [existing] = await handle.db.select({ id: adminAccounts.id }).from(adminAccounts).where(eq(adminAccounts.username, username));
    if (command === "add" && existing) throw new AccountError("exists", `an account named "${username}" already exists (use passwd to change its password)`);
    if (command !== "add" && !existing) throw new AccountError("not_found", `no account named "${username}"`);
    if (command === "disable") {
      const { account, changed } = await disableAccount(handle.db, username);
      console.log(changed ? `Disabled ${username} (${actorOf(account.id)}) on ${where}; its sessions have ended.` : `${username} was already disabled.`);
      return 0;
    }
    if (command === "enable") {
      const { account, changed } = await enableAccount(handle.db, username);
      console.log(changed ? `Enabled ${username} (${actorOf(account.id)}) on ${where}; it can sign in again with its password.` : `${username} was not disabled.`);
      return 0;
    }
    const password = await newPassword(username);
    if (command === "add") {
      const account = await addAccount(handle.db, username, password);
      console.log(`Added ${username} (${actorOf(account.id)}) on ${where}. Sign in at /admin/login.`);
    } else {
      await changePassword(handle.db, username, password);
      console.log(`Changed the password of ${username} on ${where}; its sessions have ended.`);
    }
    return 0;
  } finally {
    await handle.close();
  }
}

/** npm run admin -- isp add <isp-slug> <username> */
async function ispCommand(args: string[]): Promise<number> {
  const [sub, isp, value, ...rest] = args;
  const valid = (sub === "add" && isp && value) || (sub === "tier" && isp);
  if (!valid || rest.length > 0) throw new UsageError(`isp takes: add <isp-slug> <username>, or tier <isp-slug> [${TIER_NAMES.join("|")}]`);
  if (!/^[a-z0-9-]{2,40}$/.test(isp)) throw new UsageError(`"${isp}" is not a provider's slug (lower case letters, digits and -)`);
  if (sub === "tier") return tierCommand(isp, value);
  const username = checkUsername(value!);
  const config = databaseConfig(env());
  const handle = await bootDatabase(config);
  try {
    const [existing] = await handle.db.select({ id: adminAccounts.id }).from(adminAccounts).where(eq(adminAccounts.username, username));
    if (existing) throw new AccountError("exists", `an account named "${username}" already exists`);
    const password = await newPassword(username);
    const account = await addIspAccount(handle.db, isp, username, password);
    console.log(`Added ${username} (account ${account.id}), staff of ${isp}. Sign in at /admin/login; the desk is /isp-desk.`);
    return 0;
  } finally {
    await handle.close();
  }
}

/** Shows the provider's tier, or sets it. */
async function tierCommand(isp: string, value: string | undefined): Promise<number> {
  // Before opening the database, as for a username.
  if (value !== undefined && !isTier(value)) throw new UsageError(`"${value}" is not a tier: ${TIER_NAMES.join(" or ")}`);
  const handle = await bootDatabase(databaseConfig(env()));
  try {
    const limit = (tier: Tier) => `${readsPerMinute(tier).toLocaleString("en")} reads a minute with a token`;
    if (value === undefined) {
      const tier = await ispTier(handle.db, isp);
      console.log(`${isp} is on the ${tier} tier (${limit(tier)}).`);
      return 0;
    }
    const { was } = await setIspTier(handle.db, isp, value);
    console.log(
      was === value
        ? `${isp} was already on the ${value} tier (${limit(value)}).`
        : `${isp} is now on the ${value} tier (${limit(value)}), was ${was}. Every instance applies it within 30 s.`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}

/** At a terminal: asked twice, checked, asked again (up to three times). Piped: one line. */
async function newPassword(username: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const password = await readPipedLine();
    checkPassword(password, username);
    return password;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const password = await promptHidden(`Password for ${username} (at least 12 characters): `);
      checkPassword(password, username);
      if ((await promptHidden("The same password again: ")) !== password) throw new PasswordInputError("the two passwords differ");
      return password;
    } catch (error) {
      const retry = (error instanceof AccountError || (error instanceof PasswordInputError && error.message !== "cancelled")) && attempt < 3;
      if (!retry) throw error;
      console.error(`${error.message}; try again.`);
    }
  }
}

async function list(handle: DatabaseHandle): Promise<number> {
  const accounts = await listAccounts(handle.db);
  if (accounts.length === 0) {
    console.log("No accounts yet. Add one with: npm run admin -- add <username>");
    return 0;
  }
  const day = (t: Date | null) => (t ? t.toISOString().slice(0, 16).replace("T", " ") : "—");
  const rows = [
    ["id", "username", "in the audit log", "role", "created (UTC)", "password set", "state", "sessions", "last seen"],
    ...accounts.map((a) => [String(a.id), a.username, actorOf(a.id), a.role === "isp" ? `isp ${a.isp} (${a.tier ?? "standard"})` : "moderator", day(a.createdAt), day(a.passwordChangedAt), a.disabledAt ? `disabled ${day(a.disabledAt)}` : "active", String(a.activeSessions), day(a.lastSeenAt)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`admin: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof AccountError || error instanceof PasswordInputError) {
      console.error(`admin: ${error.message}`);
      process.exit(1);
    }
    if (error instanceof DataFolderLockedError) {
      console.error(`admin: ${error.message}\nStop the app, run this command, then start the app again.`);
      process.exit(2);
    }
    console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
