import nodemailer, { type Transporter } from "nodemailer";
import type { Env } from "@/lib/env";

// E-mail goes out over SMTP_URL, from MAIL_FROM. Without SMTP_URL, or
// without PUBLIC_URL (the links in a mail must reach the site), e-mail
// alerts are off, and the subscribe form says so.

let cached: { url: string; transport: Transporter } | undefined;

export function mailer(e: Env): { transport: Transporter; from: string } | null {
  if (!e.SMTP_URL || !e.PUBLIC_URL) return null;
  // Timeouts well under a delivery claim (db/alerts/deliver.ts): a stuck server is a failed attempt, not a notice sent twice.
  if (cached?.url !== e.SMTP_URL) cached = { url: e.SMTP_URL, transport: nodemailer.createTransport({ url: e.SMTP_URL, connectionTimeout: 20_000, greetingTimeout: 15_000, socketTimeout: 30_000 } as Parameters<typeof nodemailer.createTransport>[0]) };
  return { transport: cached.transport, from: e.MAIL_FROM ?? "Disruption Watch <alerts@localhost>" };
}
