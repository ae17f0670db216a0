import { z } from "zod";
import { normalisePassword } from "@/lib/admin/password-hash";

// What an account's username and password may be: the command line and the
// sign-in form check the same rules. Usernames are lower-case ASCII so that
// "Ayesha" and "ayesha" cannot be two accounts and no look-alike letters from
// another script can impersonate one.

export const MIN_PASSWORD_LENGTH = 12;
// Long passphrases are welcome; megabytes are not (each is hashed).
export const MAX_PASSWORD_LENGTH = 256;

export const normaliseUsername = (raw: string) => raw.normalize("NFKC").trim().toLowerCase();

export const usernameSchema = z
  .string()
  .transform(normaliseUsername)
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, "username_format"));

/** Length in characters as a person counts them (code points), after NFKC. */
const lengthOf = (password: string) => [...normalisePassword(password)].length;

export type PasswordProblem = "password_short" | "password_long" | "password_is_username";

/** Why a new password is refused, or undefined when it will do. */
export function passwordProblem(password: string, username: string): PasswordProblem | undefined {
  if (lengthOf(password) < MIN_PASSWORD_LENGTH) return "password_short";
  if (lengthOf(password) > MAX_PASSWORD_LENGTH) return "password_long";
  if (normalisePassword(password).trim().toLowerCase() === username) return "password_is_username";
  return undefined;
}

/** The sign-in form: both fields present; the rules above are for new passwords only. */
export const loginSchema = z.object({
  username: z.string().max(200, "required").transform(normaliseUsername).pipe(z.string().min(1, "required")),
  password: z.string().min(1, "required").max(MAX_PASSWORD_LENGTH * 4, "password_long"),
});
export type LoginInput = z.infer<typeof loginSchema>;
