// How the plot's axes look: colours from the theme's CSS variables, tick labels, sizes.

import type uPlot from 'uplot';
import { formatTick } from '../../format';
import type { Theme } from '../../palette';
import { cssVar } from '../../theme';

const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", sans-serif';

/** The colours of the axes, read from the stylesheet. */
export interface AxisColors {
  axis: string;
  grid: string;
  text: string;
}

/** The axis colours of `theme` (the stylesheet's variables, with fallbacks). */
export function axisColors(theme: Theme): AxisColors {
  const dark = theme === 'dark';
  return {
    axis: cssVar('--plot-axis', dark ? '#9aa3b2' : '#5b6270'),
    grid: cssVar('--plot-grid', dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.08)'),
    text: cssVar('--fg-muted', dark ? '#b8c0cc' : '#4a5160'),
  };
}

/**
 * The options of the x axis, or of the y axis when `vertical`. Colours are read through
 * `colors` on every draw, so a theme change needs only a redraw.
 */
export function axisOptions(vertical: boolean, colors: () => AxisColors): uPlot.Axis {
  return {
    stroke: () => colors().text,
    font: AXIS_FONT,
    grid: { stroke: () => colors().grid, width: 1 },
    ticks: { stroke: () => colors().axis, width: 1, size: 5 },
    border: { show: true, stroke: () => colors().axis, width: 1 },
    values: (_u, splits) => splits.map((v) => (v == null ? '' : formatTick(v))),
    size: vertical
      ? (_u, values) => {
          const longest = values ? values.reduce((m, v) => Math.max(m, v ? String(v).length : 0), 0) : 4;
          return Math.max(36, Math.ceil(longest * 7.2) + 16);
        }
      : 36,
    space: vertical ? 36 : 64,
  };
}
