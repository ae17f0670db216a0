"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { DOWNLOAD_BYTES, DOWNLOAD_TIMEOUT_MS, PROBE_TIMEOUT_MS, type Probe } from "@/lib/reports/probes";
import type { Download } from "@/components/report/connection-measure";

type Result = { download: Download | "failed"; probes: Probe[] };
type State = { status: "idle" | "measuring" | "offline" } | { status: "done"; result: Result };

/**
 * "Measure my connection": optional, and only with JavaScript (the button is
 * not drawn without it). The measuring code is fetched on the first press, so
 * the report page does not carry it. The figures go with the report as
 * hidden fields unless the reporter unticks them.
 */
export function ConnectionCheck({ probeFor, reference, error }: { probeFor: Record<string, string>; reference: string[]; error?: string }) {
  const t = useTranslations("measure");
  const tErrors = useTranslations("errors");
  const [mounted, setMounted] = useState(false);
  const [state, setState] = useState<State>({ status: "idle" });
  const [send, setSend] = useState(true);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;

  const measure = async () => {
    const service = (button.current?.form?.elements.namedItem("service") as HTMLSelectElement | null)?.value ?? "";
    const domains = [...new Set([probeFor[service], ...reference].filter((d): d is string => Boolean(d)))];
    setState({ status: "measuring" });
    let code: typeof import("@/components/report/connection-measure");
    try {
      code = await import("@/components/report/connection-measure");
    } catch {
      return setState({ status: "offline" });
    }
    if (!navigator.onLine) return setState({ status: "offline" });
    // One after the other: reach tests running during the download would slow it.
    const download = await code.measureDownload("/api/v1/measure", DOWNLOAD_TIMEOUT_MS).catch(() => "failed" as const);
    const probes = await Promise.all(domains.map((d) => code.probeDomain(d, PROBE_TIMEOUT_MS)));
    setState({ status: "done", result: { download, probes } });
  };

  const result = state.status === "done" ? state.result : undefined;
  const kbps = result && result.download !== "failed" ? result.download.kbps : null;
  return (
    <fieldset className="choice measure" aria-describedby="measure-note">
      <legend>{t("title")}</legend>
      <p id="measure-note" className="field-hint">
        {t("note", { kb: DOWNLOAD_BYTES / 1000 })}
      </p>
      {/* aria-disabled, not disabled: a disabled button drops the keyboard focus. */}
      <button
        ref={button}
        type="button"
        className="button"
        onClick={() => void (state.status !== "measuring" && measure())}
        aria-disabled={state.status === "measuring"}
      >
        {state.status === "measuring" ? t("measuring") : result ? t("again") : t("button")}
      </button>
      <div aria-live="polite" data-testid="measure-result">
        {state.status === "offline" ? <p className="field-note">{t("offline")}</p> : null}
        {result ? (
          <>
            <ul className="measure-list">
              <li data-kbps={kbps ?? ""}>{downloadLine(t, result.download)}</li>
              {result.probes.map((p) => (
                <li key={p.domain} data-domain={p.domain} data-ok={p.ok} data-ms={p.ms}>
                  <bdi dir="ltr">{p.domain}</bdi>: {p.ok ? t("reachable", { ms: p.ms }) : t("unreachable", { ms: p.ms })}
                </li>
              ))}
            </ul>
            <label className="check">
              <input type="checkbox" checked={send} onChange={(e) => setSend(e.target.checked)} /> {t("send")}
            </label>
            {send ? (
              <>
                {kbps !== null ? <input type="hidden" name="speedKbps" value={kbps} /> : null}
                <input type="hidden" name="probes" value={JSON.stringify(result.probes)} />
              </>
            ) : null}
          </>
        ) : null}
        {error ? <p className="field-error">{tErrors(error as "invalid")}</p> : null}
      </div>
    </fieldset>
  );
}

function downloadLine(t: ReturnType<typeof useTranslations<"measure">>, download: Result["download"]): string {
  if (download === "failed") return t("downloadFailed");
  if (download.kbps === null) return t("downloadTooSlow", { seconds: Math.round(download.ms / 1000) });
  return t("download", { kbps: download.kbps, kb: Math.round(download.bytes / 1000), seconds: Math.round(download.ms / 100) / 10 });
}
