import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from './generated/contract';

// ipc.ts is the one module that touches Tauri; here Tauri is replaced by spies.
const invoke = vi.fn();
const open = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...a: unknown[]) => invoke(...a) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: (...a: unknown[]) => open(...a) }));

const ipc = await import('./ipc');

beforeEach(() => {
  invoke.mockReset();
  open.mockReset();
});

describe('ipc commands', () => {
  it('call the contract’s command names with camelCase arguments', async () => {
    invoke.mockResolvedValue('ok');
    const spec = { kind: 'progress', params: {}, priority: 'normal' as const };
    await ipc.listKinds();
    await ipc.submit(spec, 5);
    await ipc.cancel('a');
    await ipc.cancelAll();
    await ipc.pause('b');
    await ipc.resume('c');
    await ipc.setMaxConcurrent(3);
    await ipc.snapshot();
    await ipc.series('d');
    await ipc.series('d', 'loss');
    await ipc.clearFinished();
    await ipc.nextBatches(41);
    await ipc.jobLog('e', 7);
    await ipc.openJobLog('f');
    const png = new Uint8Array([137, 80, 78, 71]);
    const selection = { type: 'ids' as const, ids: ['g'] };
    await ipc.historyPage({ search: 'division' }, null, 50);
    await ipc.historyPage({}, '17', 50);
    await ipc.historyKinds();
    await ipc.historyNotice();
    await ipc.historySeries('g');
    await ipc.rerun(['g', 'h']);
    await ipc.retryFailed();
    await ipc.resumeQueued();
    await ipc.deleteJobs(selection);
    await ipc.deleteOlderThan(1_700_000_000_000);
    await ipc.exportSeriesCsv('g');
    await ipc.exportResultsJson(selection);
    await ipc.exportPlotPng(png);
    expect(invoke.mock.calls).toEqual([
      ['list_kinds', undefined],
      ['submit', { spec, count: 5 }],
      ['cancel', { id: 'a' }],
      ['cancel_all', undefined],
      ['pause', { id: 'b' }],
      ['resume', { id: 'c' }],
      ['set_max_concurrent', { limit: 3 }],
      ['snapshot', undefined],
      ['series', { id: 'd' }],
      ['series', { id: 'd', series: 'loss' }],
      ['clear_finished', undefined],
      ['next_batches', { after: 41 }],
      ['job_log', { id: 'e', after: 7 }],
      ['open_job_log', { id: 'f' }],
      ['history_page', { filter: { search: 'division' }, limit: 50 }],
      ['history_page', { filter: {}, after: '17', limit: 50 }],
      ['history_kinds', undefined],
      ['history_notice', undefined],
      ['history_series', { id: 'g' }],
      ['rerun', { ids: ['g', 'h'] }],
      ['retry_failed', undefined],
      ['resume_queued', undefined],
      ['delete_jobs', { selection }],
      ['delete_older_than', { before: 1_700_000_000_000 }],
      ['export_series_csv', { id: 'g' }],
      ['export_results_json', { selection }],
      // The PNG's bytes are the raw request body.
      ['export_plot_png', png],
    ]);
    // One function per command of the contract (src-tauri/src/contract.rs), none left out.
    const called = new Set(invoke.mock.calls.map(([cmd]) => cmd as string));
    expect([...called].sort()).toEqual([...COMMANDS].sort());
  });

  it('normalise every rejection into an ErrorPayload', async () => {
    invoke.mockRejectedValueOnce({ code: 'invalid_params', message: 'bad steps', field: 'steps' });
    await expect(ipc.submit({ kind: 'progress', params: {}, priority: 'normal' }, 1)).rejects.toEqual({
      code: 'invalid_params',
      message: 'bad steps',
      field: 'steps',
    });
    invoke.mockRejectedValueOnce('Command cancel not found');
    await expect(ipc.cancel('x')).rejects.toEqual({ code: 'ipc', message: 'Command cancel not found' });
  });
});

describe('pickFolder', () => {
  it('opens the native folder picker and returns one path or null', async () => {
    open.mockResolvedValueOnce('/home/me/photos');
    await expect(ipc.pickFolder()).resolves.toBe('/home/me/photos');
    expect(open.mock.calls[0]![0]).toMatchObject({ directory: true, multiple: false });
    open.mockResolvedValueOnce(null);
    await expect(ipc.pickFolder()).resolves.toBeNull();
    open.mockResolvedValueOnce(['/a', '/b']);
    await expect(ipc.pickFolder()).resolves.toBe('/a');
    open.mockRejectedValueOnce('dialog.open not allowed');
    await expect(ipc.pickFolder()).rejects.toEqual({ code: 'ipc', message: 'dialog.open not allowed' });
  });
});
