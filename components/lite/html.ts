// The light page is a string of HTML written by hand: no React on the client
// and no framework runtime in the answer, so it stays a few kilobytes. Every
// interpolated value is escaped unless it is itself an Html fragment.

import { escapeMarkup } from "@/lib/http/escape-markup";

export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeMarkup(String(part));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes text, keeps nested fragments. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? "";
  parts.forEach((part, i) => {
    out += render(part) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}
