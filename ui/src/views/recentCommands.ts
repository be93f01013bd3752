// The command lines submitted before, offered again by the form's `command` field (a
// datalist): the last RECENT_COMMANDS_MAX, most recent first, without repeats, kept in the
// webview's localStorage so they survive a restart. Storage that fails (full, disabled)
// only means nothing is offered.

/** The parameter whose field offers the recent command lines (the `command` kind's). */
export const COMMAND_PARAM = 'command';

/** The id of the datalist the field points at (`list` attribute). */
export const RECENT_COMMANDS_LIST = 'recent-commands';

/** How many command lines are kept. */
export const RECENT_COMMANDS_MAX = 10;

/** The localStorage key. */
export const RECENT_COMMANDS_KEY = 'jobdeck.recentCommands';

/** The part of the Web Storage API used here. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

/** The webview's localStorage, or undefined where reading it throws (storage disabled). */
export function browserStorage(): KeyValueStore | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export class RecentCommands {
  constructor(private readonly storage: KeyValueStore | undefined) {}

  /** The command lines, most recent first. */
  list(): string[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(RECENT_COMMANDS_KEY) ?? '[]');
      if (!Array.isArray(parsed)) return [];
      return parsed.filter((c): c is string => typeof c === 'string').slice(0, RECENT_COMMANDS_MAX);
    } catch {
      return [];
    }
  }

  /** Puts `command` first (trimmed; moved up if it was there already) and keeps the last ten. */
  remember(command: string): void {
    const c = command.trim();
    if (c === '') return;
    const next = [c, ...this.list().filter((x) => x !== c)].slice(0, RECENT_COMMANDS_MAX);
    try {
      this.storage?.setItem(RECENT_COMMANDS_KEY, JSON.stringify(next));
    } catch {
      // A full or disabled storage: the list simply is not kept.
    }
  }
}
