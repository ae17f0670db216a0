import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { badgeSvg, textWidth } from "@/lib/embed/badge-svg";
import { embedPath, incidentTarget, pagePath } from "@/lib/embed/embed-target";
import { oembedAnswer, oembedHref, parseOembedQuery } from "@/lib/embed/oembed";
import { parsePermalink } from "@/lib/embed/permalink";
import { sparkline } from "@/lib/embed/sparkline";

// The embeds' pure parts: the badge's SVG, the card's chart, the links an
// oEmbed consumer may send and the answer it gets.

describe("the badge", () => {
  const parse = (svg: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(svg) as { svg: Record<string, string> };

  it("escapes the words it writes", () => {
    const svg = badgeSvg({ label: `AT&T <"x">`, message: "problem", level: "problem" });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(parse(svg).svg.title).toBe(`AT&T <"x">: problem`);
    expect(svg).toContain("<title>AT&amp;T &lt;&quot;x&quot;&gt;: problem</title>");
    expect(svg).not.toContain("<\"x\">");
  });

  it("is as wide as its two parts, and puts the name on the right in Urdu", () => {
    const ltr = parse(badgeSvg({ label: "WhatsApp", message: "normal", level: "normal" })).svg;
    expect(Number(ltr.width)).toBe(textWidth("WhatsApp") + textWidth("normal") + 24);
    const rtl = badgeSvg({ label: "واٹس ایپ", message: "مسئلہ", level: "problem", rtl: true });
    // The status (its colour) starts at x=0, the grey name after it.
    expect(rtl).toMatch(/<rect x="0" width="\d+" height="20" fill="#b3261e"\/>/);
  });
});

describe("the card's chart", () => {
  it("draws whole hours as bars, the hour under way apart, and the band where there is a baseline", () => {
    const s = sparkline(
      [
        { count: 2, expected: 1, upper: 3 },
        { count: 0, expected: 1, upper: null },
        { count: 6, expected: 1, upper: 3 },
      ],
      { width: 30, height: 10 },
    );
    expect(s.max).toBe(6);
    expect(s.bars).toBe("M1.5 10V7H8.5V10Z");
    expect(s.partial).toBe("M21.5 10V1H28.5V10Z");
    expect(s.band.match(/M/g)).toHaveLength(2);
    expect(s.typical).toBe("M0 8.5H10M20 8.5H30");
  });

  it("keeps a quiet day at the bottom instead of magnifying it", () => {
    expect(sparkline([{ count: 0, expected: 0, upper: 0 }], { width: 10, height: 10 }).max).toBe(1);
    expect(sparkline([], { width: 10, height: 10 })).toEqual({ bars: "", partial: "", band: "", typical: "", max: 1 });
  });
});

describe("the links an oEmbed consumer sends", () => {
  const hosts = ["watch.example.org", "localhost:3000"];

  it("knows this site's service, provider, area and incident pages, in either language", () => {
    expect(parsePermalink("https://watch.example.org/service/whatsapp", hosts)).toMatchObject({ kind: "page", target: { kind: "service", slug: "whatsapp" }, locale: "en" });
    expect(parsePermalink("http://localhost:3000/ur/area/lahore/?window=7d#x", hosts)).toMatchObject({ kind: "page", target: { kind: "area", slug: "lahore" }, locale: "ur" });
    expect(parsePermalink("https://WATCH.example.org/incidents/42", hosts)).toEqual({ kind: "incident", id: 42, locale: "en" });
  });

  it("refuses another site, another page, an unknown slug and what is no web address", () => {
    for (const url of [
      "https://evil.example/service/whatsapp",
      "https://watch.example.org.evil.example/service/whatsapp",
      "https://watch.example.org/map",
      "https://watch.example.org/service/nosuch",
      "https://watch.example.org/area/whatsapp",
      "https://watch.example.org/incidents/0",
      "https://watch.example.org/incidents/99999999999",
      "ftp://watch.example.org/service/whatsapp",
      "javascript:alert(1)",
      "/service/whatsapp",
    ]) {
      expect(parsePermalink(url, hosts), url).toBeUndefined();
    }
  });

  it("stands a pair scope's incident for its service, or its district", () => {
    expect(incidentTarget({ kind: "service-isp", key: "whatsapp|zong" })?.slug).toBe("whatsapp");
    expect(incidentTarget({ kind: "district-isp", key: "lahore|zong" })).toMatchObject({ kind: "area", slug: "lahore" });
    expect(incidentTarget({ kind: "province", key: "sindh" })).toMatchObject({ kind: "area", slug: "sindh" });
    expect(incidentTarget({ kind: "isp", key: "zong" })).toMatchObject({ kind: "isp", slug: "zong" });
  });

  it("builds each address from the same parts", () => {
    const t = { kind: "isp", slug: "zong" } as const;
    expect([pagePath(t, "ur"), embedPath(t, "ur"), embedPath(t, "en")]).toEqual(["/ur/isp/zong", "/embed/isp/zong?lang=ur", "/embed/isp/zong"]);
    expect(oembedHref("https://w.example", "/ur/isp/zong")).toBe("https://w.example/oembed?url=https%3A%2F%2Fw.example%2Fur%2Fisp%2Fzong&format=json");
  });
});

describe("the oEmbed query and answer", () => {
  it("takes a url, sizes in pixels and json only", () => {
    expect(parseOembedQuery(new URLSearchParams("url=u&maxwidth=300"))).toEqual({ url: "u", maxwidth: 300, maxheight: undefined });
    expect(() => parseOembedQuery(new URLSearchParams(""))).toThrow(expect.objectContaining({ status: 400, field: "url" }));
    expect(() => parseOembedQuery(new URLSearchParams("url=u&format=xml"))).toThrow(expect.objectContaining({ status: 501 }));
    expect(() => parseOembedQuery(new URLSearchParams("url=u&maxheight=0"))).toThrow(expect.objectContaining({ status: 400, field: "maxheight" }));
  });

  it("escapes the iframe's attributes", () => {
    const a = oembedAnswer({ src: 'https://w.example/embed/service/x?a=1&b="2"', title: "<T>", providerName: "P", origin: "https://w.example" });
    expect(a.html).toContain('src="https://w.example/embed/service/x?a=1&amp;b=&quot;2&quot;"');
    expect(a.html).toContain('title="&lt;T&gt;"');
  });
});
