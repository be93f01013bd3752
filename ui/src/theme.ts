// The colour scheme follows the system's (prefers-color-scheme); CSS does the styling,
// this module tells canvas code (the plot) and colour swatches which palette to use.

import type { Theme } from './palette';

export class ThemeWatcher {
  theme: Theme;
  private readonly query: MediaQueryList | null;
  private readonly listeners = new Set<(t: Theme) => void>();
  private readonly onQuery = () => {
    const next: Theme = this.query?.matches ? 'dark' : 'light';
    if (next === this.theme) return;
    this.theme = next;
    for (const l of this.listeners) l(next);
  };

  constructor(win: Window = window) {
    this.query = typeof win.matchMedia === 'function' ? win.matchMedia('(prefers-color-scheme: dark)') : null;
    this.theme = this.query?.matches ? 'dark' : 'light';
    // Older WebKit has only addListener; both exist on the engines Tauri uses today.
    this.query?.addEventListener?.('change', this.onQuery);
  }

  onChange(listener: (t: Theme) => void): void {
    this.listeners.add(listener);
  }

  destroy(): void {
    this.query?.removeEventListener?.('change', this.onQuery);
    this.listeners.clear();
  }
}

/** The value of a CSS custom property on the root element (e.g. `--fg-muted`). */
export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}
