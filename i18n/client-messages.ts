import { getMessages } from "next-intl/server";

type Messages = Awaited<ReturnType<typeof getMessages>>;

/**
 * Only the namespaces a page's client components read. Whatever a client
 * provider is given travels in the page's HTML (and again in its React
 * payload): the report page needs its form's words, not the dashboard's and
 * the map's, which a reporter on a slow connection would pay for on every
 * first load.
 */
export async function clientMessages<K extends keyof Messages>(namespaces: readonly K[]): Promise<Pick<Messages, K>> {
  const all = await getMessages();
  return Object.fromEntries(namespaces.map((n) => [n, all[n]])) as Pick<Messages, K>;
}
