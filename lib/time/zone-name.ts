/** A reader's name for a time zone, e.g. "Pakistan Standard Time (Asia/Karachi)". */
export function zoneLabel(timeZone: string, locale: string, at: Date = new Date()): string {
  const name = new Intl.DateTimeFormat(locale === "ur" ? "ur-PK" : "en-GB", { timeZone, timeZoneName: "long" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;
  return name && name !== timeZone ? `${name} (${timeZone})` : timeZone;
}
