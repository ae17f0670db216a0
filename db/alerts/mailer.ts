import nodemailer, { type Transporter } from "nodemailer";
import type { Env } from "@/lib/env";

// E-mail goes out over SMTP_URL, from MAIL_FROM. Without SMTP_URL e-mail
// alerts are off, and the subscribe form says so.

let cached: { url: string; transport: Transporter } | undefined;

export function mailer(e: Env): { transport: Transporter; from: string } | null {
  if (!e.SMTP_URL) return null;
  if (cached?.url !== e.SMTP_URL) cached = { url: e.SMTP_URL, transport: nodemailer.createTransport(e.SMTP_URL) };
  return { transport: cached.transport, from: e.MAIL_FROM ?? "Disruption Watch <alerts@localhost>" };
}
