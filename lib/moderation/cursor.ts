// Keyset paging for the admin lists (newest first): a page ends at a row's
// time and id, and the next page starts after it. Unlike page numbers, a
// moderator acting on the list meanwhile (a comment leaving the queue) does
// not make the next page skip or repeat anything. The time travels as whole
// microseconds since 1970, as the database counts them, so no row is lost to
// the milliseconds of a JavaScript Date.

export type Cursor = { micros: string; id: number };

export const encodeCursor = (c: Cursor) => `${c.micros}-${c.id}`;

/** A cursor from a URL, or undefined when there is none or it is not one of ours. */
export function decodeCursor(raw: string | undefined | null): Cursor | undefined {
  const m = raw ? /^(\d{1,19})-(\d{1,15})$/.exec(raw) : null;
  return m ? { micros: m[1]!, id: Number(m[2]) } : undefined;
}
