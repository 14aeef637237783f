/**
 * Horizontal bars as a list: each row is a label, a bar and the number in words. The list is the
 * text equivalent; the bars (SVG, sized by attributes since the CSP forbids inline styles) are its
 * picture and are hidden from screen readers. A marker (a threshold, a quorum) is a line across
 * every bar, named in the caption.
 */
import type { ReactNode } from "react";

export interface Bar {
  key: string;
  label: ReactNode;
  value: number;
  /** What the row says after the bar ("12 votes (40%)"). */
  text: ReactNode;
  /** Adds `bar-list__row--<tone>` (yes, no, abstain, winner, out …). */
  tone?: string;
  /** A note under the row (an exclusion, a transfer). */
  note?: ReactNode;
}

export interface Marker {
  /** Where the line is, in the bars' units. */
  at: number;
  /** Adds `bar-list__marker--<kind>`. */
  kind: string;
}

export function BarList({
  bars,
  max,
  markers = [],
  label,
  className,
}: {
  bars: Bar[];
  /** The value of a full bar; defaults to the largest value. */
  max?: number;
  markers?: Marker[];
  /** Names the list for screen readers, when a heading or caption does not. */
  label?: string;
  className?: string;
}) {
  const scale = Math.max(max ?? 0, ...bars.map((bar) => bar.value), ...markers.map((m) => m.at), 1);
  return (
    <ul className={["bar-list", className].filter(Boolean).join(" ")} aria-label={label}>
      {bars.map((bar) => (
        <li
          key={bar.key}
          className={`bar-list__row${bar.tone ? ` bar-list__row--${bar.tone}` : ""}`}
        >
          <span className="bar-list__label">{bar.label}</span>
          <svg
            className="bar-list__bar"
            viewBox="0 0 100 10"
            preserveAspectRatio="none"
            aria-hidden="true"
            focusable="false"
          >
            <rect className="bar-list__track" width="100" height="10" />
            <rect className="bar-list__fill" width={(100 * bar.value) / scale} height="10" />
            {markers.map((marker) => {
              const x = (100 * marker.at) / scale;
              return (
                <g key={marker.kind}>
                  {/* A light halo keeps the line visible across a filled bar. */}
                  <line
                    className="bar-list__halo"
                    x1={x}
                    x2={x}
                    y1="0"
                    y2="10"
                    vectorEffect="non-scaling-stroke"
                  />
                  <line
                    className={`bar-list__marker bar-list__marker--${marker.kind}`}
                    x1={x}
                    x2={x}
                    y1="0"
                    y2="10"
                    vectorEffect="non-scaling-stroke"
                  />
                </g>
              );
            })}
          </svg>
          <span className="bar-list__value">{bar.text}</span>
          {bar.note ? <span className="bar-list__note">{bar.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** The legend of the markers: a short line drawn as in the bars, and its meaning in words. */
export function MarkerLegend({ items }: { items: Array<{ kind: string; text: ReactNode }> }) {
  if (items.length === 0) return null;
  return (
    <ul className="marker-legend">
      {items.map((item) => (
        <li key={item.kind}>
          <svg
            className={`marker-legend__swatch`}
            viewBox="0 0 10 10"
            width="14"
            height="14"
            aria-hidden="true"
            focusable="false"
          >
            <line
              className={`bar-list__marker bar-list__marker--${item.kind}`}
              x1="5"
              x2="5"
              y1="0"
              y2="10"
            />
          </svg>
          {item.text}
        </li>
      ))}
    </ul>
  );
}
