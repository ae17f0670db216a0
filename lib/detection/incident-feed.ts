import { Feed } from "feed";

/*
 * The Atom feed of incidents (/feed.xml), written with the `feed` package
 * (escaping and the Atom structure are its job). Each entry's id is the
 * incident's permalink, and `updated` changes whenever the job changes the
 * incident (it ends, a scope joins), so feed readers show the update.
 */
export type FeedIncident = {
  id: number;
  title: string;
  summary: string;
  /** The entry's content as HTML, escaped by the caller (the providers' statements, when there are any). */
  content?: string;
  start: Date;
  updated: Date;
};

export function incidentFeed(input: { siteUrl: string; title: string; subtitle: string; incidents: FeedIncident[]; now: Date }): string {
  const base = input.siteUrl.replace(/\/$/, "");
  const feed = new Feed({
    id: `${base}/incidents`,
    title: input.title,
    description: input.subtitle,
    link: `${base}/incidents`,
    language: "en",
    // The feed changed when its newest-changed entry did (or now, when it has none).
    updated: input.incidents.length ? new Date(Math.max(...input.incidents.map((i) => i.updated.getTime()))) : input.now,
    feedLinks: { atom: `${base}/feed.xml` },
    generator: "Disruption Watch",
    copyright: "Crowd reports; see the site for methodology",
    author: { name: "Disruption Watch" },
  });
  for (const i of input.incidents) {
    feed.addItem({
      id: `${base}/incidents/${i.id}`,
      link: `${base}/incidents/${i.id}`,
      title: i.title,
      description: i.summary,
      content: i.content,
      date: i.updated,
      published: i.start,
    });
  }
  return feed.atom1();
}
