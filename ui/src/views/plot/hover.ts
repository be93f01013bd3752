// The plot's hover read-out: a ring on the drawn point nearest the pointer, and the line's
// label with the point's values in the header (`#plot-readout`).

import type uPlot from 'uplot';
import { byId, h, setStyle, setText } from '../../dom';
import { formatValue } from '../../format';
import { jobColor, type Theme } from '../../palette';
import { nearestPoint, type HoverLine, type NearestPoint, type Projection } from '../../plotmath';
import type { Line } from './lines';

/** How close to a point the pointer must be for the read-out to show it. */
const HOVER_RADIUS_PX = 24;

export class PlotHover {
  private readonly readout = byId('plot-readout');
  private readonly marker = h('div', { class: 'hover-marker', 'aria-hidden': 'true' });
  private readonly proj: Projection;

  constructor(u: uPlot) {
    this.marker.hidden = true;
    u.over.append(this.marker);
    this.proj = {
      xToPx: (x) => u.valToPos(x, 'x'),
      yToPx: (y) => u.valToPos(y, 'y'),
      pxToX: (px) => u.posToVal(px, 'x'),
    };
  }

  /**
   * Shows the point nearest `cursor` (plotting-area pixels; `null` when the pointer is
   * away) among the shown lines, given what each line handed uPlot (`drawn[i]` for `lines[i]`).
   */
  draw(
    cursor: { left: number; top: number } | null,
    lines: readonly Line[],
    drawn: readonly HoverLine[],
    theme: Theme,
  ): void {
    let best: NearestPoint | null = null;
    if (cursor && lines.length > 0) {
      const shown = lines.map((l, i) => (l.hidden ? null : (drawn[i] ?? null)));
      best = nearestPoint(shown, this.proj, cursor, HOVER_RADIUS_PX);
    }
    const line = best && lines[best.line];
    if (!best || !line) {
      this.marker.hidden = true;
      setText(this.readout, '');
      return;
    }
    const color = jobColor(line.ordinal, theme);
    this.marker.hidden = false;
    setStyle(this.marker, 'transform', `translate(${best.px}px, ${best.py}px)`);
    setStyle(this.marker, 'border-color', color);
    setText(this.readout, `${line.label} · x ${formatValue(best.x)} · y ${formatValue(best.y)}`);
    setStyle(this.readout, 'border-left-color', color);
  }
}
