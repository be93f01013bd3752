import { describe, expect, it } from 'vitest';
import { RECENT_COMMANDS_KEY, RECENT_COMMANDS_MAX, RecentCommands, type KeyValueStore } from './recentCommands';

function memory(initial: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
  };
}

describe('RecentCommands', () => {
  it('offers the last ten command lines, most recent first, without repeats', () => {
    const store = memory();
    const recent = new RecentCommands(store);
    expect(recent.list()).toEqual([]);
    for (let i = 0; i < 12; i++) recent.remember(`python3 train.py --lr 0.0${i}`);
    recent.remember('  python3 train.py --lr 0.05 ');
    const list = recent.list();
    expect(list).toHaveLength(RECENT_COMMANDS_MAX);
    expect(list[0]).toBe('python3 train.py --lr 0.05');
    expect(list[1]).toBe('python3 train.py --lr 0.011');
    expect(new Set(list).size).toBe(list.length);
    // Kept in the storage, so a restart offers them again.
    expect(new RecentCommands(store).list()).toEqual(list);
  });

  it('ignores blank lines, garbage in the storage and a storage that throws', () => {
    const recent = new RecentCommands(memory({ [RECENT_COMMANDS_KEY]: '{"not": "a list"}' }));
    expect(recent.list()).toEqual([]);
    recent.remember('   ');
    expect(recent.list()).toEqual([]);
    expect(new RecentCommands(memory({ [RECENT_COMMANDS_KEY]: '[1, "ls -l", null]' })).list()).toEqual(['ls -l']);
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => new RecentCommands(full).remember('ls')).not.toThrow();
    expect(new RecentCommands(undefined).list()).toEqual([]);
  });
});
