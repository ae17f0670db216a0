// The words the alerts form shows, read on the server (app/[locale]/alerts)
// and passed to the client form: a plain module, since a value exported by
// a "use client" module reaches a server component only as a reference.
export const ALERT_LABELS = [
  "follow", "service", "isp", "area", "any", "when", "openedOnly", "alsoEnd", "how", "email", "emailOff", "emailLabel", "push", "pushNote",
  "pushUnsupported", "webhook", "webhookLabel", "webhookNote", "atom", "atomNote", "subscribe", "sending", "emailSent", "active", "manage", "secret", "error", "privacy",
] as const;
