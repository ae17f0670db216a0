// Day boundaries in the viewer's zone (Asia/Karachi by default) without a
// time-zone library: Intl knows every zone's offset at any instant.

// Building a formatter costs far more than using one (tens of microseconds
// against a few): one per zone, kept. A 30-day timeline asks for ~200 offsets.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function offsetMs(t: Date, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(t);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(t.getTime() / 1000) * 1000;
}

/** The instant local midnight began, in the given zone, for the day containing t. */
export function startOfDayInZone(t: Date, timeZone: string): Date {
  const offset = offsetMs(t, timeZone);
  const local = t.getTime() + offset;
  const localMidnight = Math.floor(local / 86_400_000) * 86_400_000;
  // Re-read the offset at midnight itself: it differs across a DST change.
  const guess = new Date(localMidnight - offset);
  return new Date(localMidnight - offsetMs(guess, timeZone));
}

/** The next local midnight after a local midnight (23, 24 or 25 hours later). */
export function nextDayInZone(midnight: Date, timeZone: string): Date {
  return startOfDayInZone(new Date(midnight.getTime() + 26 * 3600_000), timeZone);
}

/** A wall-clock time typed in a zone ("2024-11-21T12:30") as an instant, or undefined when malformed. */
export function localToInstant(local: string, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return undefined;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const guess = new Date(asUtc - offsetMs(new Date(asUtc), timeZone));
  return new Date(asUtc - offsetMs(guess, timeZone));
}

/** An instant as the zone's wall-clock time, for a datetime-local input. */
export function instantToLocal(t: Date, timeZone: string): string {
  return new Date(t.getTime() + offsetMs(t, timeZone)).toISOString().slice(0, 16);
}
