// Window math of the virtualised job table: which rows to render for a scroll position.
// Pure; the table view applies it.

/** The rows to render: indices `[start, end)`, shifted down by `offset` px in a `total` px body. */
export interface RowWindow {
  start: number;
  end: number;
  offset: number;
  total: number;
}

/**
 * The rows visible in a viewport of `viewport` px scrolled to `scrollTop`, plus `overscan`
 * rows either side so fast scrolling does not show blanks before the next frame draws.
 */
export function rowWindow(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 4,
): RowWindow {
  if (rowHeight <= 0) throw new RangeError('rowHeight must be positive');
  const total = count * rowHeight;
  if (count === 0) return { start: 0, end: 0, offset: 0, total: 0 };
  // A scroll position past the end happens for a frame after rows are removed.
  const maxScroll = Math.max(0, total - viewport);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil((top + Math.max(0, viewport)) / rowHeight) - first;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offset: start * rowHeight, total };
}

/** The scrollTop that brings row `index` into view with the least movement (or the same). */
export function scrollIntoView(scrollTop: number, viewport: number, rowHeight: number, index: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return Math.max(0, bottom - viewport);
  return scrollTop;
}
