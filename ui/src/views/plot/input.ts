// The plot's own pointer and keyboard input: wheel zoom, Shift- or middle-button pan and
// the keys, each turned into the scales to show next frame. (uPlot's drag-to-zoom and
// double-click are bound in the plot's options.)

import { keyScales, panRange, zoomRange, ZOOM_STEP, type Scales } from '../../plotmath';

/** Keys that go back to following the data. */
const RESET_KEYS = new Set(['0', 'Home', 'Escape']);

/** What the input needs from the plot. */
export interface InputHost {
  /** The scales in view (a change not yet drawn first); `null` before the plot has any. */
  currentScales(): Scales | null;
  /** True while the view follows the data (nothing to reset). */
  following(): boolean;
  /** True when the plot has lines (a wheel over an empty plot scrolls the page). */
  hasLines(): boolean;
  /** A user's change of the scales, to apply next frame. */
  setScales(next: Scales): void;
  /** Back to following the data. */
  resetZoom(): void;
}

export class PlotInput {
  private panStart: { x: number; y: number; sx: Scales['x']; sy: Scales['y'] } | null = null;

  /** Listens on `host` (the plot's element) and pans over `over` (uPlot's plotting area). */
  constructor(
    private readonly host: HTMLElement,
    private readonly over: HTMLElement,
    private readonly plot: InputHost,
  ) {
    host.addEventListener('wheel', this.onWheel, { passive: false });
    host.addEventListener('mousedown', this.onPanStart, true);
    host.addEventListener('keydown', this.onKey);
  }

  destroy(): void {
    this.host.removeEventListener('wheel', this.onWheel);
    this.host.removeEventListener('mousedown', this.onPanStart, true);
    this.host.removeEventListener('keydown', this.onKey);
    this.onPanEnd();
  }

  private readonly onWheel = (e: WheelEvent) => {
    const cur = this.plot.currentScales();
    if (!cur || !this.plot.hasLines()) return;
    e.preventDefault();
    const rect = this.over.getBoundingClientRect();
    const ax = rect.width > 0 ? (e.clientX - rect.left) / rect.width : 0.5;
    const ay = rect.height > 0 ? 1 - (e.clientY - rect.top) / rect.height : 0.5;
    const factor = e.deltaY > 0 ? ZOOM_STEP : 1 / ZOOM_STEP;
    // Ctrl or Alt: zoom x only (a common habit from other plotting tools).
    const yToo = !(e.ctrlKey || e.altKey);
    this.plot.setScales({ x: zoomRange(cur.x, factor, ax), y: yToo ? zoomRange(cur.y, factor, ay) : cur.y });
  };

  private readonly onPanStart = (e: MouseEvent) => {
    if (!(e.button === 1 || (e.button === 0 && e.shiftKey))) return;
    if (!this.over.contains(e.target as Node)) return;
    const cur = this.plot.currentScales();
    if (!cur) return;
    e.preventDefault();
    e.stopPropagation();
    this.panStart = { x: e.clientX, y: e.clientY, sx: cur.x, sy: cur.y };
    document.addEventListener('mousemove', this.onPanMove);
    document.addEventListener('mouseup', this.onPanEnd);
  };

  private readonly onPanMove = (e: MouseEvent) => {
    const p = this.panStart;
    if (!p) return;
    const rect = this.over.getBoundingClientRect();
    this.plot.setScales({
      x: panRange(p.sx, -(e.clientX - p.x), rect.width),
      y: panRange(p.sy, e.clientY - p.y, rect.height),
    });
  };

  private readonly onPanEnd = () => {
    this.panStart = null;
    document.removeEventListener('mousemove', this.onPanMove);
    document.removeEventListener('mouseup', this.onPanEnd);
  };

  private readonly onKey = (e: KeyboardEvent) => {
    if (RESET_KEYS.has(e.key)) {
      if (!this.plot.following()) {
        this.plot.resetZoom();
        e.preventDefault();
      }
      return;
    }
    const cur = this.plot.currentScales();
    const next = cur && keyScales(e.key, cur);
    if (next) {
      e.preventDefault();
      this.plot.setScales(next);
    }
  };
}
