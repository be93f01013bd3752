// The plot's legend: one entry per line, a tick box that shows or hides the line and a
// button (its colour and label) that selects the job. Entries are created a few per frame.

import { byId, h, setAttr, setStyle, setText } from '../../dom';
import { jobColor, type Theme } from '../../palette';
import type { Store } from '../../store';
import type { Line } from './lines';

/** Most legend entries created in one frame (64 jobs appearing at once take 4 frames). */
const LEGEND_ENTRIES_PER_FRAME = 16;

/** What the legend needs from the plot. */
export interface LegendHost {
  /** The plot's lines, in order. */
  lines(): readonly Line[];
  /** A line was ticked or unticked (its `hidden` is already set). */
  visibilityChanged(): void;
}

export class PlotLegend {
  private readonly list = byId('legend');
  private readonly count = byId('legend-count');

  constructor(
    private readonly store: Store,
    private readonly host: LegendHost,
  ) {
    this.list.addEventListener('click', this.onClick);
    this.list.addEventListener('change', this.onShow);
  }

  /**
   * Brings the entries in line with the lines, the selection and the theme. Returns false
   * when some entries are still to be created: draw again next frame.
   */
  draw(theme: Theme): boolean {
    const sel = this.store.selected;
    const lines = this.host.lines();
    const nodes: HTMLElement[] = [];
    let created = 0;
    let complete = true;
    for (const line of lines) {
      if (!line.legend) {
        // The rest next frame: a legend that fills in over a few frames beats one long frame.
        if (created === LEGEND_ENTRIES_PER_FRAME) {
          complete = false;
          continue;
        }
        created++;
        line.legend = entry(line);
      }
      const show = line.legend.firstElementChild as HTMLInputElement;
      if (show.checked === line.hidden) show.checked = !line.hidden;
      const btn = line.legend.lastElementChild as HTMLElement;
      setStyle(btn.firstElementChild as HTMLElement, 'background-color', jobColor(line.ordinal, theme));
      setAttr(btn, 'aria-pressed', line.id === sel ? 'true' : 'false');
      nodes.push(line.legend);
    }
    // Re-append only when membership or order changed.
    const current = this.list.children;
    let same = current.length === nodes.length;
    for (let i = 0; same && i < nodes.length; i++) same = current[i] === nodes[i];
    if (!same) this.list.replaceChildren(...nodes);
    const n = lines.length;
    setText(this.count, n ? `${n} ${n === 1 ? 'line' : 'lines'}` : '');
    return complete;
  }

  destroy(): void {
    this.list.removeEventListener('click', this.onClick);
    this.list.removeEventListener('change', this.onShow);
    this.list.replaceChildren();
  }

  private readonly onShow = (e: Event) => {
    const box = e.target as HTMLInputElement;
    const line = this.host.lines().find((l) => l.id === box.dataset.showJob);
    if (!line) return;
    line.hidden = !box.checked;
    this.host.visibilityChanged();
  };

  private readonly onClick = (e: MouseEvent) => {
    const btn = (e.target as Element).closest<HTMLElement>('[data-legend-job]');
    const id = btn?.dataset.legendJob;
    if (!id) return;
    this.store.select(this.store.selected === id ? null : id);
  };
}

/** A line's legend entry: its tick box, then its button (swatch and label). */
function entry(line: Line): HTMLElement {
  const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  const btn = h(
    'button',
    {
      type: 'button',
      class: 'legend-item',
      'data-legend-job': line.id,
      'aria-pressed': 'false',
      title: line.label,
    },
    swatch,
    h('span', { class: 'legend-label' }, line.label),
  );
  // A line far off the others' scale (π's x runs to 10⁸ samples, a walk's to 500) would
  // squash them: unticking it hides it and takes it out of the autoscale.
  const show = h('input', {
    type: 'checkbox',
    class: 'legend-show',
    'data-show-job': line.id,
    'aria-label': `Show ${line.label}`,
  });
  show.checked = true;
  return h('li', { class: 'legend-entry' }, show, btn);
}
