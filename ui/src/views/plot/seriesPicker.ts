// The plot's series selector: every series name some job has (`Store.seriesNames`), the one
// drawn (`Store.plotted`) selected. Picking a name makes the plot draw that series, one line
// per job that has it. Hidden while no job has data.

import { byId, h, setHidden } from '../../dom';
import type { Store } from '../../store';

export class SeriesPicker {
  private readonly wrap = byId('plot-series-field');
  private readonly select = byId<HTMLSelectElement>('plot-series');
  /** The names the options show, to rebuild them only when they change. */
  private shown: readonly string[] = [];

  constructor(private readonly store: Store) {
    this.select.addEventListener('change', this.onChange);
  }

  /** Brings the options and the selection in line with the store (on `Dirty.SERIES_NAMES`). */
  draw(): void {
    const names = this.store.seriesNames;
    if (!sameNames(names, this.shown)) {
      this.select.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
      this.shown = [...names];
    }
    const plotted = this.store.plotted ?? '';
    if (this.select.value !== plotted) this.select.value = plotted;
    // One name is still worth showing: it says what the lines are.
    setHidden(this.wrap, names.length === 0);
  }

  destroy(): void {
    this.select.removeEventListener('change', this.onChange);
  }

  private readonly onChange = () => {
    this.store.chooseSeries(this.select.value);
  };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
