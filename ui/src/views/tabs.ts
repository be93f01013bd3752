// The two views of the jobs: "This session" (the engine's live jobs) and "History" (every
// stored job). A WAI-ARIA tab list: click or arrow keys switch; the hidden view is not drawn.

import { byId, setAttr, setHidden } from '../dom';

export type TabName = 'jobs' | 'history';

export class Tabs {
  private readonly tabs: Record<TabName, HTMLButtonElement> = {
    jobs: byId<HTMLButtonElement>('tab-jobs'),
    history: byId<HTMLButtonElement>('tab-history'),
  };
  private readonly views: Record<TabName, HTMLElement> = { jobs: byId('jobs-view'), history: byId('history-view') };
  current: TabName = 'jobs';
  /** True once the user picked a tab: the app then stops choosing for them. */
  chosen = false;

  constructor(private readonly changed: (tab: TabName) => void) {
    for (const name of ['jobs', 'history'] as const) {
      this.tabs[name].addEventListener('click', () => {
        this.chosen = true;
        this.show(name);
      });
      this.tabs[name].addEventListener('keydown', this.onKey);
    }
  }

  show(name: TabName): void {
    if (name === this.current) return;
    this.current = name;
    for (const n of ['jobs', 'history'] as const) {
      const on = n === name;
      setAttr(this.tabs[n], 'aria-selected', on ? 'true' : 'false');
      setAttr(this.tabs[n], 'tabindex', on ? '0' : '-1');
      setHidden(this.views[n], !on);
    }
    this.changed(name);
  }

  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    this.chosen = true;
    const next: TabName = this.current === 'jobs' ? 'history' : 'jobs';
    this.show(next);
    this.tabs[next].focus();
  };
}
