"use client";

import type { MapLabels } from "@/components/map/map-types";

/**
 * A native range input and a play / pause button: arrow keys, Home and End
 * move the slider, Space or Enter on the button plays, with no custom
 * keyboard code to get wrong. Step null is the whole window.
 */
export function ReplayControls({ steps, step, playing, stepLabel, onStep, onPlay, labels }: {
  steps: number;
  step: number | null;
  playing: boolean;
  stepLabel: string | null;
  onStep: (step: number | null) => void;
  onPlay: (playing: boolean) => void;
  labels: MapLabels;
}) {
  return (
    <div className="replay" data-testid="replay">
      <button type="button" className="button" aria-pressed={playing} onClick={() => onPlay(!playing)} data-testid="replay-play">
        <span aria-hidden="true">{playing ? "❚❚" : "▶"}</span> {playing ? labels.pause : labels.play}
      </button>
      <label className="replay-slider">
        <span>{labels.replay}</span>
        <input
          type="range"
          min={0}
          max={Math.max(0, steps - 1)}
          step={1}
          value={step ?? 0}
          aria-valuetext={stepLabel ?? labels.wholeWindow}
          onChange={(e) => {
            onPlay(false);
            onStep(Number(e.target.value));
          }}
          data-testid="replay-slider"
        />
      </label>
      <output aria-live="polite" data-testid="replay-time" data-step={step ?? ""}>
        {stepLabel ?? labels.wholeWindow}
      </output>
      {step !== null ? (
        <button type="button" className="link-button" onClick={() => { onPlay(false); onStep(null); }}>
          {labels.wholeWindow}
        </button>
      ) : null}
    </div>
  );
}
