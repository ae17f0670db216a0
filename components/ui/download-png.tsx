"use client";

import { useState } from "react";

export type DownloadPngLabels = { download: string; generated: string; failed: string };

const SCALE = 2;

/**
 * Saves a figure (the element with id `target`) as a PNG for a slide or a
 * post: the figure as drawn, with its title, its permalink and the time it
 * was made written under it — and the same two in the file's metadata
 * (PNG tEXt "Source" and "Creation Time"), so the image can always be traced
 * back to the figures. The drawing library loads on the first click only.
 */
export function DownloadPng({ target, fileName, title, query, locale, timeZone, labels }: {
  target: string;
  fileName: string;
  title: string;
  /** The view's permalink query (window pinned to absolute times). */
  query: string;
  locale: string;
  timeZone: string;
  labels: DownloadPngLabels;
}) {
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");

  async function save() {
    const node = document.getElementById(target);
    if (!node) return;
    setState("busy");
    try {
      const [{ toCanvas }, { addMetadata }] = await Promise.all([import("html-to-image"), import("meta-png")]);
      const shot = await toCanvas(node, {
        backgroundColor: "#ffffff",
        pixelRatio: SCALE,
        filter: (n) => !(n instanceof HTMLElement && n.dataset.exportSkip !== undefined),
      });
      const now = new Date();
      const link = `${window.location.origin}${window.location.pathname}?${query}`;
      const when = new Intl.DateTimeFormat(locale === "ur" ? "ur-PK" : "en-GB", { timeZone, dateStyle: "medium", timeStyle: "short", hourCycle: "h23" }).format(now);
      const lines = [title, link, labels.generated.replace("{time}", when)];

      const pad = 12 * SCALE;
      const lineHeight = 18 * SCALE;
      const canvas = document.createElement("canvas");
      canvas.width = shot.width;
      canvas.height = shot.height + pad * 2 + lineHeight * lines.length;
      const ctx = canvas.getContext("2d")!;
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(shot, 0, 0);
      ctx.fillStyle = "#1b1b1b";
      ctx.textBaseline = "top";
      lines.forEach((line, i) => {
        // The link reads left to right in either language.
        const rtl = locale === "ur" && i !== 1;
        ctx.direction = rtl ? "rtl" : "ltr";
        ctx.textAlign = rtl ? "right" : "left";
        ctx.font = `${i === 0 ? "600 " : ""}${13 * SCALE}px system-ui, sans-serif`;
        ctx.fillText(line, rtl ? canvas.width - pad : pad, shot.height + pad + i * lineHeight, canvas.width - pad * 2);
      });

      const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("no image"))), "image/png"));
      // tEXt is Latin-1: the permalink is ASCII (percent-encoded), the time ISO.
      const tagged = addMetadata(addMetadata(new Uint8Array(await blob.arrayBuffer()), "Source", link), "Creation Time", now.toISOString());
      const url = URL.createObjectURL(new Blob([Uint8Array.from(tagged)], { type: "image/png" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState("idle");
    } catch {
      setState("failed");
    }
  }

  return (
    <span className="download-png" data-export-skip="">
      <button type="button" className="link-button" onClick={save} disabled={state === "busy"} data-testid={`download-${target}`}>
        {labels.download}
      </button>
      {state === "failed" ? <span role="alert"> {labels.failed}</span> : null}
    </span>
  );
}
