"use client";

import { useState } from "react";
import type { ALERT_LABELS } from "@/components/alerts/alert-labels";

// The subscribe form of /alerts: what to follow, when, and how. It posts to
// POST /api/v1/alerts and says what happened; a browser subscription asks
// the browser first (Web Push through the site's service worker).

type Option = { slug: string; name: string };
type Labels = Record<(typeof ALERT_LABELS)[number], string>;
export type AlertsFormProps = {
  lang: "en" | "ur";
  initial: { service: string; isp: string; area: string };
  options: { services: Option[]; isps: Option[]; areas: { group: string; items: Option[] }[] };
  emailOn: boolean;
  labels: Labels;
};
type Channel = "email" | "push" | "webhook" | "atom";
type Result = { kind: "ok"; text: string; manageUrl?: string; secret?: string } | { kind: "error"; text: string } | null;

const urlBase64ToBytes = (b64: string) => {
  const s = atob((b64 + "=".repeat((4 - (b64.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
};

export function AlertsForm({ lang, initial, options, emailOn, labels }: AlertsFormProps) {
  const [follow, setFollow] = useState(initial);
  const [notifyEnd, setNotifyEnd] = useState(false);
  const [channel, setChannel] = useState<Channel>(emailOn ? "email" : "push");
  const [email, setEmail] = useState("");
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  const follows = { services: follow.service ? [follow.service] : [], isps: follow.isp ? [follow.isp] : [], areas: follow.area ? [follow.area] : [] };
  const feed = `/feed.xml?${new URLSearchParams(Object.entries({ service: follow.service, isp: follow.isp, area: follow.area }).filter(([, v]) => v)).toString()}`;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (channel === "atom") return;
    setBusy(true);
    setResult(null);
    try {
      let target: Record<string, unknown>;
      if (channel === "push") {
        if (!("serviceWorker" in navigator) || !("PushManager" in window)) throw new Error(labels.pushUnsupported);
        const { publicKey } = (await (await fetch("/api/v1/alerts/vapid")).json()) as { publicKey: string };
        const registration = await navigator.serviceWorker.register("/sw.js");
        const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: urlBase64ToBytes(publicKey) });
        const { endpoint, keys } = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
        target = { subscription: { endpoint, keys } };
      } else target = channel === "email" ? { email } : { url };
      const res = await fetch("/api/v1/alerts", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ channel, ...target, follows, notifyEnd, lang }),
      });
      const body = (await res.json()) as { manageUrl?: string; secret?: string; error?: { message: string } };
      if (!res.ok) throw new Error(body.error?.message ?? String(res.status));
      setResult({ kind: "ok", text: channel === "email" ? labels.emailSent : labels.active, manageUrl: body.manageUrl, secret: body.secret });
    } catch (error) {
      setResult({ kind: "error", text: labels.error.replace("{message}", error instanceof Error ? error.message : String(error)) });
    } finally {
      setBusy(false);
    }
  }

  const select = (name: "service" | "isp" | "area", items: Option[] | { group: string; items: Option[] }[]) => (
    <label className="field">
      <span>{labels[name]}</span>
      <select name={name} value={follow[name]} onChange={(e) => setFollow({ ...follow, [name]: e.target.value })} data-testid={`alerts-${name}`}>
        <option value="">{labels.any}</option>
        {items.map((item) =>
          "group" in item ? (
            <optgroup key={item.group} label={item.group}>
              {item.items.map((o) => (
                <option key={o.slug} value={o.slug}>
                  {o.name}
                </option>
              ))}
            </optgroup>
          ) : (
            <option key={item.slug} value={item.slug}>
              {item.name}
            </option>
          ),
        )}
      </select>
    </label>
  );

  return (
    <form className="card alerts-form" onSubmit={submit} data-testid="alerts-form">
      <fieldset>
        <legend>{labels.follow}</legend>
        {select("service", options.services)}
        {select("isp", options.isps)}
        {select("area", options.areas)}
      </fieldset>
      <fieldset>
        <legend>{labels.when}</legend>
        <label className="choice">
          <input type="radio" name="when" checked={!notifyEnd} onChange={() => setNotifyEnd(false)} /> {labels.openedOnly}
        </label>
        <label className="choice">
          <input type="radio" name="when" checked={notifyEnd} onChange={() => setNotifyEnd(true)} data-testid="alerts-also-end" /> {labels.alsoEnd}
        </label>
      </fieldset>
      <fieldset>
        <legend>{labels.how}</legend>
        {(["email", "push", "webhook", "atom"] as const).map((c) => (
          <label key={c} className="choice">
            <input type="radio" name="channel" value={c} checked={channel === c} disabled={c === "email" && !emailOn} onChange={() => setChannel(c)} data-testid={`alerts-channel-${c}`} /> {labels[c]}
          </label>
        ))}
        {!emailOn ? <p className="muted" data-testid="alerts-email-off">{labels.emailOff}</p> : null}
        {channel === "email" ? (
          <label className="field">
            <span>{labels.emailLabel}</span>
            <input type="email" required autoComplete="email" dir="ltr" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="alerts-email" />
          </label>
        ) : null}
        {channel === "push" ? <p className="muted">{labels.pushNote}</p> : null}
        {channel === "webhook" ? (
          <>
            <label className="field">
              <span>{labels.webhookLabel}</span>
              <input type="url" required dir="ltr" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="alerts-url" />
            </label>
            <p className="muted">{labels.webhookNote}</p>
          </>
        ) : null}
        {channel === "atom" ? (
          <p>
            {labels.atomNote}{" "}
            <a href={feed} dir="ltr" data-testid="alerts-feed">
              {feed}
            </a>
          </p>
        ) : null}
      </fieldset>
      <p className="muted">{labels.privacy}</p>
      {channel !== "atom" ? (
        <button type="submit" disabled={busy} data-testid="alerts-submit">
          {busy ? labels.sending : labels.subscribe}
        </button>
      ) : null}
      <div role="status" aria-live="polite" data-testid="alerts-result" data-kind={result?.kind ?? ""}>
        {result ? (
          <div className={result.kind === "ok" ? "notice" : "notice notice-problem"}>
            <p>{result.text}</p>
            {result.kind === "ok" && result.secret ? (
              <p>
                {labels.secret} <code dir="ltr" data-testid="alerts-secret">{result.secret}</code>
              </p>
            ) : null}
            {result.kind === "ok" && result.manageUrl ? (
              <p>
                <a href={result.manageUrl}>{labels.manage}</a>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    </form>
  );
}
