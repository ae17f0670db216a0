import { createServer, type Server } from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { FrameLocator, Page } from "@playwright/test";
import { CARD_SIZE } from "@/lib/embed/card-size";
import { test, expect } from "./fixtures";
import { serverPort } from "./servers";

// The embeds as a newsroom uses them: the card in an <iframe> on a page of
// another origin (a tiny server of this test's own, on 127.0.0.1 where the
// app is on localhost, another port too), the badge as an image, and a link
// turned into a card through the page's oEmbed discovery link.

const HOST_PORT = (workerIndex: number) => 3690 + (workerIndex % 10);
let host: Server;
let hostBase = "";
let appBase = "";
/** What the newsroom's page holds, by path. */
const stories = new Map<string, string>();

test.beforeAll(async ({ request }, testInfo) => {
  appBase = `http://localhost:${serverPort(testInfo.parallelIndex)}`;
  host = createServer((req, res) => {
    const body = stories.get(new URL(req.url ?? "/", "http://x").pathname);
    res.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(body ? `<!doctype html><html lang="en"><head><title>A story</title></head><body style="margin:16px;background:#f3f1ec;font-family:serif"><h1>Internet cut again</h1>${body}</body></html>` : "");
  });
  await new Promise<void>((resolve) => host.listen(HOST_PORT(testInfo.workerIndex), "127.0.0.1", resolve));
  hostBase = `http://127.0.0.1:${HOST_PORT(testInfo.workerIndex)}`;
  // A crowd reporting WhatsApp, one address each: 32 counted in the last
  // hour is a "problem" even before there is history to compare with.
  const areas = ["karachi-central", "rawalpindi", "peshawar", "multan"];
  for (let i = 0; i < 32; i++) {
    const res = await request.post("/api/v1/reports", {
      headers: { "x-forwarded-for": `10.77.${i}.${(testInfo.workerIndex % 200) + 1}` },
      data: { area: areas[i % areas.length], isp: i % 2 ? "jazz" : "zong", connection: "mobile", service: "whatsapp", problem: "media_fails" },
    });
    expect(res.status()).toBe(201);
  }
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => host.close(() => resolve()));
});

/** A story page on the other origin carrying `html`, opened in the browser. */
async function openStory(page: Page, path: string, html: string) {
  stories.set(path, html);
  await page.goto(`${hostBase}${path}`);
}

const frame = (width: number, src: string, id: string) =>
  `<iframe id="${id}" src="${appBase}${src}" width="${width}" height="${CARD_SIZE.height}" title="WhatsApp status" style="border:0"></iframe>`;

/** Whether the card's content fits its frame, and how tall its chart came out. */
async function fit(card: FrameLocator) {
  return card.locator("main").evaluate((main) => {
    const box = main.getBoundingClientRect();
    const footer = main.querySelector("footer")!.getBoundingClientRect();
    const chart = main.querySelector("svg")!.getBoundingClientRect();
    const h1 = main.querySelector("h1")!;
    return { overflow: Math.round(footer.bottom - (box.bottom - 8)), chartHeight: Math.round(chart.height), nameCut: h1.scrollWidth > h1.clientWidth };
  });
}

test("the card shows inside an iframe on another site's page, in English and Urdu", async ({ page }) => {
  await openStory(page, "/story", frame(CARD_SIZE.width, "/embed/service/whatsapp", "en") + frame(CARD_SIZE.width, "/embed/service/whatsapp?lang=ur", "ur"));
  const en = page.frameLocator("#en");
  await expect(en.getByTestId("embed-status")).toBeVisible();
  await expect(en.getByTestId("embed-status")).toContainText("Problem");
  await expect(en.locator("h1")).toHaveText("WhatsApp");
  await expect(en.getByTestId("embed-figures")).toContainText("in the last hour");
  await expect(en.getByRole("link", { name: "Report a problem" })).toHaveAttribute("href", "/report");
  await expect(en.getByRole("link", { name: "Full page" })).toHaveAttribute("target", "_top");

  const ur = page.frameLocator("#ur");
  await expect(ur.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(ur.getByTestId("embed-status")).toContainText("مسئلہ");
  await expect(ur.locator("h1")).toHaveText("واٹس ایپ");
  await expect(ur.getByRole("link", { name: "مسئلہ رپورٹ کریں" })).toHaveAttribute("href", "/ur/report");
  // No script of ours runs in the story: the card has none.
  expect(page.frames().length).toBe(3);
  for (const f of page.frames().slice(1)) expect(await f.locator("script").count()).toBe(0);
});

test("a click on the card opens the full page in the reader's window, not in the frame", async ({ page }) => {
  await openStory(page, "/click", frame(CARD_SIZE.width, "/embed/service/whatsapp", "card"));
  await page.frameLocator("#card").getByRole("link", { name: "Report a problem" }).click();
  await expect(page).toHaveURL(`${appBase}/report`);
});

test("the card fits its default frame, also at 300 px, in both languages", async ({ page }) => {
  const widths = [CARD_SIZE.width, 300];
  await openStory(
    page,
    "/sizes",
    widths.flatMap((w) => [frame(w, "/embed/service/whatsapp", `en${w}`), frame(w, "/embed/service/whatsapp?lang=ur", `ur${w}`)]).join("<br>"),
  );
  for (const w of widths) {
    for (const lang of ["en", "ur"]) {
      const card = page.frameLocator(`#${lang}${w}`);
      await expect(card.getByTestId("embed-status")).toBeVisible();
      const measured = await fit(card);
      test.info().annotations.push({ type: "fit", description: `${lang} ${w}px: ${JSON.stringify(measured)}` });
      expect(measured.overflow, `${lang} at ${w}px`).toBeLessThanOrEqual(0);
      expect(measured.chartHeight, `${lang} at ${w}px`).toBeGreaterThanOrEqual(30);
    }
  }
});

test("only the embed may be framed, and it has no serious accessibility findings", async ({ page, request }) => {
  const card = await request.get("/embed/service/whatsapp");
  expect(card.headers()["content-security-policy"]).toContain("frame-ancestors *");
  expect(card.headers()["x-frame-options"]).toBeUndefined();
  for (const path of ["/", "/service/whatsapp", "/oembed?url=x", "/badge/service/whatsapp.svg"]) {
    expect((await request.get(path)).headers()["x-frame-options"], path).toBe("DENY");
  }
  await page.goto("/embed/service/whatsapp?lang=ur");
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
});

test("the badge is valid SVG that a browser draws as an image", async ({ page, request }) => {
  for (const path of ["/badge/service/whatsapp.svg", "/badge/service/whatsapp.svg?lang=ur"]) {
    const res = await request.get(path);
    expect(res.headers()["content-type"]).toBe("image/svg+xml");
    const svg = await res.text();
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = (new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(svg) as { svg: Record<string, string> }).svg;
    expect(root.xmlns).toBe("http://www.w3.org/2000/svg");
  }
  await openStory(page, "/badge", `<p><img id="en" src="${appBase}/badge/service/whatsapp.svg" alt="WhatsApp status"> <img id="ur" src="${appBase}/badge/service/whatsapp.svg?lang=ur" alt="WhatsApp status in Urdu"></p>`);
  for (const id of ["en", "ur"]) {
    await expect.poll(() => page.locator(`#${id}`).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(60);
  }
});

test("a pasted link becomes the card: the page's oEmbed discovery link and its answer", async ({ page, request }) => {
  await page.goto("/ur/service/whatsapp");
  const href = await page.locator('link[rel="alternate"][type="application/json+oembed"]').getAttribute("href");
  expect(href).toContain(`/oembed?url=${encodeURIComponent(`${appBase}/ur/service/whatsapp`)}`);
  // What WordPress does with it: fetch the answer, put its html in the story.
  const answer = (await (await request.get(href!)).json()) as { type: string; html: string; width: number };
  expect(answer.type).toBe("rich");
  await openStory(page, "/pasted", answer.html);
  await expect(page.frameLocator("iframe").getByTestId("embed-status")).toContainText("مسئلہ");
});

test("pictures of the card and the badge", { tag: "@screenshot" }, async ({ page }) => {
  const shots: [string, string, number][] = [
    ["embed-card-en", "/embed/service/whatsapp", CARD_SIZE.width],
    ["embed-card-ur", "/embed/service/whatsapp?lang=ur", CARD_SIZE.width],
    ["embed-card-en-300", "/embed/service/whatsapp", 300],
    ["embed-card-ur-300", "/embed/service/whatsapp?lang=ur", 300],
  ];
  for (const [name, src, width] of shots) {
    await openStory(page, `/${name}`, frame(width, src, "card"));
    await expect(page.frameLocator("#card").getByTestId("embed-status")).toBeVisible();
    await page.locator("#card").screenshot({ path: `test-results/screenshots/${name}.png` });
  }
  await openStory(page, "/badges", `<p id="badges" style="display:inline-block;padding:8px;background:#fff;zoom:2"><img src="${appBase}/badge/service/whatsapp.svg" alt=""> <img src="${appBase}/badge/service/youtube.svg" alt=""> <img src="${appBase}/badge/service/whatsapp.svg?lang=ur" alt=""> <img src="${appBase}/badge/isp/ptcl.svg?lang=ur" alt=""></p>`);
  await expect.poll(() => page.locator("#badges img").evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
  await page.locator("#badges").screenshot({ path: "test-results/screenshots/embed-badges.png", scale: "device" });
});
