// A frame's time budget for the views. When jobs flood in, one frame can have a lot to do at
// once (new rows, a plot series and a legend entry per job); views that can wait check the
// budget and leave part of their work to the next frames instead of making one long frame.

/** App work per frame that leaves room for WebKit's style, layout and paint in ~16 ms. */
export const FRAME_BUDGET_MS = 8;

export class FrameBudget {
  private start = 0;

  constructor(private readonly ms = FRAME_BUDGET_MS) {}

  /** Starts a frame's budget (at the top of the animation frame callback). */
  begin(now = performance.now()): void {
    this.start = now;
  }

  /** True while this frame has spent less than its budget. */
  left(now = performance.now()): boolean {
    return now - this.start < this.ms;
  }
}
