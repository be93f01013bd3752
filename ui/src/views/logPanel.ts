// The log panel: one job's log tail, live. While it is open it asks for the lines after the
// last one it has (`job_log`) every LOG_POLL_MS, one request at a time and only for its job;
// closed, it asks for nothing. It follows the end unless the user scrolled up, marks stderr
// lines (a class and a visible "stderr" tag), copies the lines it holds, and has the app
// open the full log file in the system's viewer. New lines reach the DOM in `draw`, called
// once per animation frame like every view.
//
// The lines are virtualised like the job table's rows (one line high each, no wrapping: long
// lines scroll sideways): only those in view exist in the DOM, so a program writing as fast
// as it can (`yes`: 2,000 new lines every poll) costs the window a few dozen text updates.

import { byId, h, setAttr, setHidden, setStyle, setText } from '../dom';
import { errorText } from '../errors';
import { shortId } from '../format';
import type { ErrorPayload } from '../generated/ErrorPayload';
import type { JobId } from '../generated/JobId';
import type { LogChunk } from '../generated/LogChunk';
import { LOG_TAIL_LINES } from '../generated/contract';
import type { LogLine } from '../generated/LogLine';
import { rowWindow } from '../vlist';

/** How often an open panel asks for new lines. */
export const LOG_POLL_MS = 250;

/** Most lines the panel holds (the newest): the engine's tail. The full log has everything. */
export const LOG_PANEL_LINES = LOG_TAIL_LINES;

/** A line's height in CSS px; the stylesheet's `.log-line` height must agree. */
export const LOG_LINE_HEIGHT = 17;

/** How close to the bottom (CSS px) still counts as "at the end": the panel keeps following. */
const AT_END_SLACK = 8;

/** What the panel needs from the app. */
export interface LogActions {
  jobLog(id: JobId, after: number): Promise<LogChunk>;
  openJobLog(id: JobId): Promise<void>;
  /** Puts text on the clipboard. */
  copy(text: string): Promise<void>;
  /** True while the job may still write (queued, running, paused). */
  isLive(id: JobId): boolean;
  /** The panel opened or closed (the table marks the row's button). */
  openChanged(id: JobId | null): void;
}

/** The accessible name of a job's log button and of its panel. */
export function logName(id: JobId): string {
  return `Log of job ${shortId(id)}`;
}

/** True when a scroller is scrolled to (within `slack` px of) its end. */
export function isAtEnd(scrollTop: number, clientHeight: number, scrollHeight: number, slack = AT_END_SLACK): boolean {
  return scrollTop + clientHeight >= scrollHeight - slack;
}

/**
 * How to add `incoming` lines to `shown` lines when at most `cap` may show: drop the
 * `drop` oldest shown, then append `incoming` from index `skip` on.
 */
export function planAppend(shown: number, incoming: number, cap: number): { drop: number; skip: number } {
  const skip = Math.max(0, incoming - cap);
  const kept = incoming - skip;
  return { drop: Math.max(0, shown + kept - cap), skip };
}

/** The lines as text for the clipboard: one per line, stderr lines marked as in the log file. */
export function linesText(lines: readonly LogLine[]): string {
  return lines.map((l) => (l.stream === 'stderr' ? `[stderr] ${l.text}` : l.text)).join('\n');
}

/** The panel's note on what it does not show: lines before its first, a truncated file. */
export function tailNote(firstSeq: number | null, truncated: boolean): string {
  const parts: string[] = [];
  const earlier = firstSeq == null ? 0 : firstSeq - 1;
  if (earlier > 0)
    parts.push(`${earlier.toLocaleString('en-US')} earlier ${earlier === 1 ? 'line' : 'lines'} in the full log`);
  if (truncated) parts.push('the log file reached its size cap');
  return parts.join(' · ');
}

export class LogPanel {
  private readonly panel = byId('log-panel');
  private readonly title = byId('log-title');
  private readonly note = byId('log-note');
  private readonly status = byId('log-status');
  private readonly copyBtn = byId<HTMLButtonElement>('log-copy');
  private readonly openBtn = byId<HTMLButtonElement>('log-open');
  private readonly closeBtn = byId<HTMLButtonElement>('log-close');
  private readonly linesEl = byId('log-lines');
  private readonly spacer = byId('log-spacer');
  private readonly windowEl = byId('log-window');
  private readonly resizeObserver: ResizeObserver;
  /** The scroller's height and scroll position, measured outside `draw` (no forced layout). */
  private viewport = 0;
  private scrollTop = 0;
  /** The line elements in view, reused as the window moves. */
  private readonly rowEls: HTMLElement[] = [];
  /** True when the lines in view must be rewritten (new lines, a scroll, a resize). */
  private rowsDirty = false;
  /** The job shown, or null while closed. */
  private id: JobId | null = null;
  /** +1 per open and close, so an answer for an earlier opening is ignored. */
  private generation = 0;
  /** The last line's seq received (what the next request asks after). */
  private after = 0;
  /** The lines shown, oldest first (at most LOG_PANEL_LINES), and those waiting for `draw`. */
  private shown: LogLine[] = [];
  private incoming: LogLine[] = [];
  private truncated = false;
  private hasFile = false;
  private error = '';
  private dirty = false;
  private follow = true;
  private pollTimer = 0;
  private statusTimer = 0;

  constructor(private readonly actions: LogActions) {
    this.copyBtn.addEventListener('click', this.onCopy);
    this.openBtn.addEventListener('click', this.onOpenFile);
    this.closeBtn.addEventListener('click', this.onClose);
    this.linesEl.addEventListener('scroll', this.onScroll, { passive: true });
    this.panel.addEventListener('keydown', this.onKey);
    this.resizeObserver = new ResizeObserver(() => {
      this.viewport = this.linesEl.clientHeight;
      this.rowsDirty = true;
      this.dirty = true;
    });
    this.resizeObserver.observe(this.linesEl);
  }

  /** The job whose log is open, or null. */
  get openFor(): JobId | null {
    return this.id;
  }

  /** Opens the panel on `id`'s log (another job's log it showed is replaced). */
  open(id: JobId): void {
    if (this.id === id) return;
    this.reset();
    this.id = id;
    const name = logName(id);
    setAttr(this.panel, 'aria-label', name);
    setText(this.title, name);
    setHidden(this.panel, false);
    this.dirty = true;
    this.actions.openChanged(id);
    this.poll();
  }

  /** Opens `id`'s log, or closes the panel when it already shows it. */
  toggle(id: JobId): void {
    if (this.id === id) this.close();
    else this.open(id);
  }

  /** Closes the panel and stops asking for lines. */
  close(): void {
    if (this.id == null) return;
    this.reset();
    setHidden(this.panel, true);
    this.actions.openChanged(null);
  }

  /** Applies the lines received and the scrolling since the last frame. */
  draw(): void {
    if (!this.dirty || this.id == null) return;
    this.dirty = false;
    const incoming = this.incoming;
    this.incoming = [];
    if (incoming.length > 0) {
      const { drop, skip } = planAppend(this.shown.length, incoming.length, LOG_PANEL_LINES);
      if (drop > 0) this.shown.splice(0, drop);
      for (let i = skip; i < incoming.length; i++) this.shown.push(incoming[i] as LogLine);
      this.rowsDirty = true;
      const total = this.shown.length * LOG_LINE_HEIGHT;
      setStyle(this.spacer, 'height', `${total}px`);
      if (this.follow) {
        const end = Math.max(0, total - this.viewport);
        if (end !== this.scrollTop) {
          this.scrollTop = end;
          this.linesEl.scrollTop = end;
        }
      }
    }
    if (this.rowsDirty) {
      this.rowsDirty = false;
      this.drawRows();
    }
    const first = this.shown[0]?.seq ?? null;
    setText(this.note, this.error || tailNote(first, this.truncated));
    this.note.classList.toggle('error', this.error !== '');
    this.copyBtn.disabled = this.shown.length === 0;
    this.openBtn.disabled = !this.hasFile;
    setAttr(this.openBtn, 'title', this.hasFile ? null : 'This job has no log file');
  }

  /** Writes the lines in view (and a few either side) into the reused line elements. */
  private drawRows(): void {
    const win = rowWindow(this.scrollTop, this.viewport, LOG_LINE_HEIGHT, this.shown.length, 8);
    setStyle(this.windowEl, 'transform', `translateY(${win.offset}px)`);
    const n = win.end - win.start;
    while (this.rowEls.length < n) {
      const el = h('div', { class: 'log-line' });
      this.rowEls.push(el);
      this.windowEl.append(el);
    }
    for (let i = 0; i < this.rowEls.length; i++) {
      const el = this.rowEls[i] as HTMLElement;
      const line = i < n ? this.shown[win.start + i] : undefined;
      setHidden(el, line === undefined);
      if (line) fillLine(el, line);
    }
  }

  destroy(): void {
    this.reset();
    this.resizeObserver.disconnect();
    this.copyBtn.removeEventListener('click', this.onCopy);
    this.openBtn.removeEventListener('click', this.onOpenFile);
    this.closeBtn.removeEventListener('click', this.onClose);
    this.linesEl.removeEventListener('scroll', this.onScroll);
    this.panel.removeEventListener('keydown', this.onKey);
  }

  private reset(): void {
    this.generation++;
    clearTimeout(this.pollTimer);
    clearTimeout(this.statusTimer);
    this.id = null;
    this.after = 0;
    this.shown = [];
    this.incoming = [];
    this.truncated = false;
    this.hasFile = false;
    this.error = '';
    this.follow = true;
    this.scrollTop = 0;
    this.linesEl.scrollTop = 0;
    setStyle(this.spacer, 'height', '0px');
    for (const el of this.rowEls) setHidden(el, true);
    setText(this.note, '');
    setText(this.status, '');
  }

  /** Asks for the lines after the last one received; the next request waits for this answer. */
  private readonly poll = (): void => {
    const id = this.id;
    if (id == null) return;
    const generation = this.generation;
    // Asked before the request: a job that ends meanwhile gets one more request for its last lines.
    const live = this.actions.isLive(id);
    this.actions.jobLog(id, this.after).then(
      (chunk) => {
        if (generation !== this.generation) return;
        this.receive(chunk);
        // A finished job writes no more: stop once its last lines are in.
        if (live || chunk.lines.length > 0) this.pollTimer = window.setTimeout(this.poll, LOG_POLL_MS);
      },
      (e: ErrorPayload) => {
        if (generation !== this.generation) return;
        this.error = `Could not read the log: ${errorText(e)}`;
        this.dirty = true;
        // A job that is gone (cleared) will not come back; anything else may be passing.
        if (e.code !== 'not_found') this.pollTimer = window.setTimeout(this.poll, LOG_POLL_MS * 4);
      },
    );
  };

  private receive(chunk: LogChunk): void {
    this.error = '';
    this.truncated = chunk.truncated;
    this.hasFile = chunk.file != null;
    if (chunk.next > this.after) this.after = chunk.next;
    for (const line of chunk.lines) this.incoming.push(line);
    // Only the newest lines can show: keep what waits for the frame bounded too.
    if (this.incoming.length > LOG_PANEL_LINES) this.incoming.splice(0, this.incoming.length - LOG_PANEL_LINES);
    this.dirty = true;
  }

  private flash(text: string): void {
    setText(this.status, text);
    clearTimeout(this.statusTimer);
    this.statusTimer = window.setTimeout(() => setText(this.status, ''), 3000);
  }

  private readonly onScroll = () => {
    this.scrollTop = this.linesEl.scrollTop;
    this.follow = isAtEnd(this.scrollTop, this.viewport, this.shown.length * LOG_LINE_HEIGHT);
    this.rowsDirty = true;
    this.dirty = true;
  };

  private readonly onCopy = () => {
    const lines = this.shown.concat(this.incoming).slice(-LOG_PANEL_LINES);
    this.actions.copy(linesText(lines)).then(
      () => this.flash(`Copied ${lines.length} ${lines.length === 1 ? 'line' : 'lines'}.`),
      (e: unknown) => this.flash(`Copy failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  };

  private readonly onOpenFile = () => {
    const id = this.id;
    if (id == null) return;
    this.actions.openJobLog(id).then(
      () => this.flash('Opened in the system viewer.'),
      (e: ErrorPayload) => this.flash(`Could not open the log: ${errorText(e)}`),
    );
  };

  private readonly onClose = () => this.close();

  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
    }
  };
}

/** Shows `line` in `el`: its text, and for stderr a visible tag and the `log-stderr` class. */
function fillLine(el: HTMLElement, line: LogLine): void {
  const stderr = line.stream === 'stderr';
  if (el.dataset.seq === String(line.seq) && el.classList.contains('log-stderr') === stderr) return;
  el.dataset.seq = String(line.seq);
  el.classList.toggle('log-stderr', stderr);
  if (stderr) el.replaceChildren(h('span', { class: 'log-mark' }, 'stderr'), line.text);
  else el.textContent = line.text;
}
