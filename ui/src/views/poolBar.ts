// The pool bar: the editable concurrency limit with the machine's default, the job counts,
// a clock that ticks every second and the live frame rate.

import { byId, setAttr, setText } from '../dom';
import { errorText } from '../errors';
import type { ErrorPayload } from '../generated/ErrorPayload';
import type { PoolStatus } from '../generated/PoolStatus';
import { formatClock } from '../format';
import { Dirty, type Store } from '../store';
import { validateLimit } from '../validate';

const COUNT_KEYS = ['running', 'queued', 'paused', 'succeeded', 'failed', 'cancelled'] as const;

export interface PoolActions {
  setLimit(limit: number): Promise<PoolStatus>;
}

export class PoolBar {
  private readonly input = byId<HTMLInputElement>('pool-limit');
  private readonly defaultEl = byId('pool-default');
  private readonly errorEl = byId('pool-error');
  private readonly clock = byId('clock');
  private readonly fpsEl = byId('fps');
  private readonly countEls = new Map<string, Element>();
  // The limit the input last showed from the engine; a different value means the user is
  // editing, and a batch must not overwrite what they type.
  private shown: string | null = null;
  private error = '';
  private applying: number | null = null;
  private dirty = true;

  constructor(
    private readonly store: Store,
    private readonly actions: PoolActions,
  ) {
    for (const key of COUNT_KEYS) {
      const el = document.querySelector(`[data-count="${key}"]`);
      if (el) this.countEls.set(key, el);
    }
    this.input.addEventListener('change', this.onChange);
    this.input.addEventListener('input', this.onInput);
    this.input.addEventListener('keydown', this.onKey);
  }

  /** Draws what changed. */
  draw(dirty: number): void {
    const s = this.store;
    if (dirty & Dirty.POOL || this.dirty) {
      const pool = s.pool;
      if (pool) {
        setAttr(this.input, 'max', String(pool.jobThreads));
        setText(this.defaultEl, `default ${pool.defaultMaxConcurrent}`);
        const value = String(pool.maxConcurrent);
        const editing = document.activeElement === this.input && this.input.value !== this.shown;
        if (!editing) {
          if (this.input.value !== value) this.input.value = value;
          this.shown = value;
        }
      }
    }
    if (dirty & Dirty.COUNTS || this.dirty) {
      for (const key of COUNT_KEYS) {
        const el = this.countEls.get(key);
        if (el) setText(el, String(s.counts[key]));
      }
    }
    if (this.dirty) {
      setText(this.errorEl, this.error);
      setAttr(this.input, 'aria-invalid', this.error ? 'true' : null);
      this.dirty = false;
    }
  }

  /** Once a second: the clock and the frame rate. */
  tick(now: Date, fps: number): void {
    setText(this.clock, formatClock(now));
    setAttr(this.clock, 'datetime', now.toISOString());
    setText(this.fpsEl, `${Math.round(fps)} fps`);
  }

  destroy(): void {
    this.input.removeEventListener('change', this.onChange);
    this.input.removeEventListener('input', this.onInput);
    this.input.removeEventListener('keydown', this.onKey);
  }

  private setError(text: string): void {
    if (text !== this.error) {
      this.error = text;
      this.dirty = true;
    }
  }

  private readonly onInput = () => {
    if (this.error) this.setError('');
  };

  private readonly onKey = (e: KeyboardEvent) => {
    // `change` does not fire on Enter when the value is unchanged, nor in every engine.
    if (e.key === 'Enter') this.apply();
    if (e.key === 'Escape' && this.shown != null) {
      this.input.value = this.shown;
      this.setError('');
    }
  };

  private readonly onChange = () => this.apply();

  private apply(): void {
    const max = this.store.pool?.jobThreads ?? 1024;
    const checked = validateLimit(this.input.value, max);
    if (!checked.ok) {
      this.setError(checked.error);
      return;
    }
    if (String(checked.value) === this.shown || checked.value === this.applying) {
      this.setError('');
      return;
    }
    this.setError('');
    // Enter and the change that follows it must not send the same limit twice.
    this.applying = checked.value;
    this.actions
      .setLimit(checked.value)
      .finally(() => (this.applying = null))
      .then(
        (pool) => {
          // Show the engine's answer now; the next batch carries the same.
          this.shown = String(pool.maxConcurrent);
          this.store.setPool(pool);
        },
        (e: ErrorPayload) => this.setError(errorText(e)),
      );
  }
}
