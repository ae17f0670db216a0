"use client";

import { useEffect, useMemo, useState } from "react";
import { AreaMap } from "@/components/map/area-map";
import type { MapViewProps } from "@/components/map/map-types";
import { ReplayControls } from "@/components/map/replay-controls";

/** How long each replay step stays on screen. */
const STEP_MS = 900;

/** The map with its replay: the slider's step picks which bucket's counts shade the areas. */
export function MapView(props: MapViewProps) {
  const { replay, locale, timeZone, replayBucket } = props;
  const steps = replay?.starts.length ?? 0;
  const [step, setStep] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);

  // New data (another filter, level or window): back to the whole window.
  useEffect(() => {
    setStep(null);
    setPlaying(false);
  }, [replay]);

  useEffect(() => {
    if (!playing || steps === 0) return;
    const timer = setInterval(() => {
      setStep((s) => {
        const next = s === null ? 0 : s + 1;
        if (next >= steps) {
          setPlaying(false);
          return s;
        }
        return next;
      });
    }, STEP_MS);
    return () => clearInterval(timer);
  }, [playing, steps]);

  const format = useMemo(
    () =>
      new Intl.DateTimeFormat(locale === "ur" ? "ur-PK" : "en-GB", {
        timeZone,
        ...(replayBucket === "1d" ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" }),
      }),
    [locale, timeZone, replayBucket],
  );
  const stepLabel = step !== null && replay?.starts[step] ? format.format(new Date(replay.starts[step])) : null;

  return (
    <div className="map-view">
      <AreaMap {...props} step={step} stepLabel={stepLabel} />
      {steps > 1 && !props.compact ? (
        <ReplayControls
          steps={steps}
          step={step}
          playing={playing}
          stepLabel={stepLabel}
          onStep={setStep}
          onPlay={(p) => {
            // Play from the start when at the end or showing the whole window.
            if (p && (step === null || step >= steps - 1)) setStep(0);
            setPlaying(p);
          }}
          labels={props.labels}
        />
      ) : null}
    </div>
  );
}
