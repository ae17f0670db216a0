import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { test, expect } from "./fixtures";

// Alerts as a reader uses them, in both languages: subscribe by e-mail on
// /alerts, open the link in the mail that arrives (a real SMTP server in
// the test), confirm, and unsubscribe in one click. Its own server (with
// SMTP_URL), on E2E_DEMO_PORT + 2.
const PORT = Number(process.env.E2E_DEMO_PORT ?? 3199) + 2;
const base = `http://localhost:${PORT}`;
const mails: ParsedMail[] = [];
const smtp = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], onData: (stream, _s, cb) => void simpleParser(stream).then((m) => (mails.push(m), cb()), cb) });
let app: ChildProcess | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dw-alerts-"));

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  app = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      DATA_DIR: dir,
      PUBLIC_URL: base,
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      MAIL_FROM: "Disruption Watch <alerts@localhost>",
    },
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error("the alerts server did not start");
});

test.afterAll(async () => {
  if (app && app.exitCode === null) await new Promise<void>((resolve) => (app!.once("exit", () => resolve()), app!.kill("SIGTERM")));
  await new Promise((r) => smtp.close(() => r(undefined)));
  fs.rmSync(dir, { recursive: true, force: true });
});

const mailTo = async (address: string) => {
  for (let i = 0; i < 100; i++) {
    const found = mails.find((m) => m.to && JSON.stringify(m.to).includes(address));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${address}`);
};

for (const locale of ["", "/ur"]) {
  const tag = locale ? "ur" : "en";
  test(`subscribe by e-mail, confirm from the mail, unsubscribe in one click (${tag})`, async ({ page, request }) => {
    await page.goto(`${base}${locale}/alerts?service=whatsapp&area=sindh`);
    await expect(page.getByTestId("alerts-service")).toHaveValue("whatsapp");
    await expect(page.getByTestId("alerts-area")).toHaveValue("sindh");
    await page.screenshot({ path: `test-results/screenshots/alerts-${tag}-desktop.png`, fullPage: true });
    const address = `reader-${tag}@example.org`;
    await page.getByTestId("alerts-email").fill(address);
    await page.getByTestId("alerts-submit").click();
    await expect(page.getByTestId("alerts-result")).toHaveAttribute("data-kind", "ok");

    const mail = await mailTo(address);
    const link = /https?:\/\/\S+\/alerts\/confirm\?token=[\w-]+/.exec(mail.text ?? "")![0];
    expect(link.startsWith(`${base}${locale}/alerts/confirm`)).toBe(true);
    await page.goto(link);
    await page.getByTestId("alerts-confirm-button").click();
    await expect(page.getByTestId("alerts-manage")).toHaveAttribute("data-status", "statusActive");
    await expect(page.getByTestId("alerts-result-note")).toBeVisible();
    const token = new URL(link).searchParams.get("token")!;
    if (locale) {
      // The mail client's RFC 8058 one-click POST, no cookie.
      const res = await request.post(`${base}/api/v1/alerts/unsubscribe/${token}`, { form: { "List-Unsubscribe": "One-Click" } });
      expect(res.status()).toBe(200);
      await page.reload();
    } else {
      await page.getByTestId("alerts-unsubscribe").click();
    }
    await expect(page.getByTestId("alerts-manage")).toHaveAttribute("data-status", "statusEnded");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}${locale}/alerts`);
    await page.screenshot({ path: `test-results/screenshots/alerts-${tag}-phone.png`, fullPage: true });
  });
}

test("e-mail is offered only where it is configured, and a bad address is named", async ({ page }) => {
  // The usual test server has no SMTP_URL: the form says e-mail is off.
  await page.goto("/alerts");
  await expect(page.getByTestId("alerts-email-off")).toBeVisible();
  await expect(page.getByTestId("alerts-channel-email")).toBeDisabled();
  const res = await page.request.post(`${base}/api/v1/alerts`, { data: { channel: "email", email: "not an address" } });
  expect(res.status()).toBe(400);
  expect(((await res.json()) as { error: { field: string } }).error.field).toBe("email");
});
