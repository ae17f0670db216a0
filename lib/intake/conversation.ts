/** How long a report in the making waits for the text that completes it (db/intake/inbound.ts); unfinished ones are then deleted. */
export const CONVERSATION_MS = 15 * 60_000;
