// The bar above the table: the batch's aggregate progress (the engine's figure, which never
// falls when a job ends), "Stop all" and "Clear finished".

import { byId, setAttr, setStyle, setText } from '../dom';
import { errorText } from '../errors';
import type { ErrorPayload } from '../generated/ErrorPayload';
import type { JobId } from '../generated/JobId';
import { formatPercent } from '../format';
import { Dirty, type Store } from '../store';
import { ROW_REFRESH_MS } from './jobTable';

export interface ToolbarActions {
  cancelAll(): Promise<number>;
  clearFinished(): Promise<JobId[]>;
}

export class Toolbar {
  private readonly bar = byId('aggregate');
  private readonly fill = byId('aggregate-fill');
  private readonly text = byId('aggregate-text');
  private readonly stopAll = byId<HTMLButtonElement>('stop-all');
  private readonly clear = byId<HTMLButtonElement>('clear-finished');
  private readonly error = byId('table-error');
  private pending = true;
  private last = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly actions: ToolbarActions,
  ) {
    this.stopAll.addEventListener('click', this.onStopAll);
    this.clear.addEventListener('click', this.onClear);
  }

  // The buttons stay enabled when there is nothing to do: both commands are harmless
  // then, and a disabled button would swallow a click made before the first batch lands.
  draw(dirty: number, now = 0): void {
    // Like the rows' progress, the aggregate moves at most every ROW_REFRESH_MS.
    if (dirty & Dirty.AGGREGATE) this.pending = true;
    if (this.pending && now - this.last >= ROW_REFRESH_MS) {
      this.pending = false;
      this.last = now;
      const a = this.store.aggregate;
      const percent = Math.min(100, Math.max(0, a.fraction * 100));
      // Two decimals: a long batch still moves visibly, and tests can compare values.
      const value = Math.round(percent * 100) / 100;
      setAttr(this.bar, 'aria-valuenow', String(value));
      setAttr(this.bar, 'aria-valuetext', `${formatPercent(percent)}, ${a.completed} of ${a.jobs} jobs done`);
      setStyle(this.fill, 'transform', `scaleX(${percent / 100})`);
      setText(this.text, `${a.completed} / ${a.jobs} jobs`);
    }
  }

  destroy(): void {
    this.stopAll.removeEventListener('click', this.onStopAll);
    this.clear.removeEventListener('click', this.onClear);
  }

  private readonly onStopAll = () => {
    setText(this.error, '');
    this.actions.cancelAll().catch((e: ErrorPayload) => setText(this.error, `Stop all failed: ${errorText(e)}`));
  };

  private readonly onClear = () => {
    setText(this.error, '');
    this.actions.clearFinished().then(
      // The engine also sends `removed`; dropping the rows now saves a frame.
      (ids) => this.store.removeJobs(ids),
      (e: ErrorPayload) => setText(this.error, `Clear finished failed: ${errorText(e)}`),
    );
  };
}
