import { SHADE_CLASSES, NO_BASELINE_COLOUR } from "@/lib/map/shade";

/** The colour classes and what they mean; plain HTML, so it prints and reads without JavaScript. */
export function MapLegend({ labels, showAreas, showHeat, headingLevel }: {
  labels: { title: string; note: string; replayNote?: string; classes: Record<string, string>; heat: string };
  showAreas: boolean;
  showHeat: boolean;
  /** One below the heading above the map: h2 on /map (under the h1), h3 in a compact map's card. */
  headingLevel: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="map-legend" data-testid="map-legend">
      {showAreas ? (
        <>
          <Heading>{labels.title}</Heading>
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
