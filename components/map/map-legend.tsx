import { SHADE_CLASSES, NO_BASELINE_COLOUR } from "@/lib/map/shade";

/** The colour classes and what they mean; plain HTML, so it prints and reads without JavaScript. */
export function MapLegend({ labels, showAreas, showHeat }: {
  labels: { title: string; note: string; replayNote?: string; classes: Record<string, string>; heat: string };
  showAreas: boolean;
  showHeat: boolean;
}) {
  return (
    <div className="map-legend" data-testid="map-legend">
      {showAreas ? (
        <>
          <h3>{labels.title}</h3>
          <ul>
            {SHADE_CLASSES.map((c) => (
              <li key={c.id}>
                <span className="swatch" style={{ background: c.colour }} aria-hidden="true" />
                {labels.classes[c.id]}
              </li>
            ))}
            <li>
              <span className="swatch dashed" style={{ background: NO_BASELINE_COLOUR }} aria-hidden="true" />
              {labels.classes["no-baseline"]}
            </li>
            <li>
              <span className="swatch swatch-none" aria-hidden="true" />
              {labels.classes.none}
            </li>
          </ul>
          <p className="muted">{labels.note}</p>
          {labels.replayNote ? <p className="muted">{labels.replayNote}</p> : null}
        </>
      ) : null}
      {showHeat ? (
        <p className="heat-legend">
          <span className="heat-dots" aria-hidden="true">
            <span /> <span /> <span />
          </span>
          {labels.heat}
        </p>
      ) : null}
    </div>
  );
}
