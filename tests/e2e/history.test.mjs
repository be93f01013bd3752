// The history end to end (issue 12's "done when"): 20 jobs in the real app with a temporary
// JOBDECK_DATA_DIR, SIGKILL the app, start it again on the same folder: every job that had
// finished is there with its result, the others are interrupted, nothing is duplicated; the
// queued ones are offered back once; search "division" finds the failed ratio jobs; "Retry all
// failed" retries them in one click; a job's data exported as CSV is checked by content (the
// save dialog is skipped through the JOBDECK_E2E_SAVE_PATH hook).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import {
  appPid,
  close,
  counts,
  fillForm,
  freshDataDir,
  historyRows,
  invoke,
  launch,
  scenario,
  setPoolLimit,
  shot,
  sleep,
  until,
} from './util.mjs';

const SHOTS = '/work/notes/shots';

/** Submits `count` jobs with the form and waits until the pool bar counts them. */
async function submit(b, kind, params, count) {
  const before = await counts(b);
  const total = (c) => Object.values(c).reduce((a, n) => a + n, 0);
  await fillForm(b, kind, params, count);
  await (await b.$('#start')).click();
  await until(b, () => counts(b), (c) => total(c) >= total(before) + count, { what: `${count} × ${kind}` });
}

async function shotToNotes(b, name) {
  await shot(b, name);
  if (existsSync('/work/notes')) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(SHOTS, { recursive: true });
    await b.saveScreenshot(join(SHOTS, `${name}.png`));
  }
}

describe('history', { skip: process.platform !== 'linux' && 'needs /proc and SIGKILL' }, () => {
  const dataDir = freshDataDir();
  const savePath = join(dataDir, 'export.out');
  let browser;
  /** The jobs as the first session last saw them, by id. */
  let firstSession = new Map();
  before(async () => {
    browser = await launch({ dataDir, savePath });
  });
  after(() => close(browser));

  scenario('history-kill-9', () => browser, async (b) => {
    await setPoolLimit(b, 20);
    await submit(b, 'ratio', { iterations: 40, step_ms: 5 }, 8); // fail at n = 30
    await submit(b, 'progress', { steps: 5, step_ms: 20 }, 4); // succeed
    await submit(b, 'progress', { steps: 100000, step_ms: 10 }, 8); // still running at the kill
    await until(b, () => counts(b), (c) => c.failed === 8 && c.succeeded === 4 && c.running === 8, {
      what: '12 finished and 8 running',
      timeout: 20_000,
    });
    await setPoolLimit(b, 8);
    await submit(b, 'progress', { steps: 100000, step_ms: 10 }, 3); // waiting in the queue
    const snapshot = await invoke(b, 'snapshot');
    assert.equal(snapshot.jobs.length, 23);
    firstSession = new Map(snapshot.jobs.map((j) => [j.id, j]));
    // The history commits each batch within milliseconds of the window seeing it.
    await sleep(500);
    const pid = appPid();
    assert.ok(pid, 'found the app process');
    process.kill(pid, 'SIGKILL');
    await close(browser).catch(() => {});
    browser = null;

    browser = await launch({ dataDir, savePath });
    const b2 = browser;
    // Nothing runs by itself, and the window opens on the history.
    assert.equal((await invoke(b2, 'snapshot')).jobs.length, 0);
    const rows = await until(b2, () => historyRows(b2), (r) => r.length >= 23, { what: 'the history rows' });
    assert.equal(rows.length, 23, 'every job once');
    assert.equal(new Set(rows.map((r) => r.id)).size, 23, 'nothing duplicated');
    for (const row of rows) {
      const was = firstSession.get(row.id);
      assert.ok(was, `${row.id} was a job of the first session`);
      if (['succeeded', 'failed'].includes(was.state)) {
        assert.equal(row.state, was.state, `${row.id} kept its end`);
        if (was.state === 'failed') assert.match(row.message, /division by zero at n = 30/);
        else assert.match(row.message, /steps/i, `the result is shown: ${row.message}`);
      } else {
        assert.equal(row.state, 'interrupted', `${row.id} was ${was.state}`);
      }
    }
    assert.equal(rows.filter((r) => r.state === 'interrupted').length, 11);
    const banner = await b2.$('#history-banner-text').getText();
    assert.match(banner, /11 jobs were interrupted/);
    assert.equal(await b2.$('#resume-queued').getText(), 'Resume 3 queued jobs');
    assert.equal(await b2.$('#tab-history').getAttribute('aria-selected'), 'true');
    await shotToNotes(b2, 'history-after-restart');
    // Where the interrupted jobs meet the finished ones.
    await b2.execute(() =>
      [...document.querySelectorAll('#history-body [data-state="interrupted"]')].pop()?.scrollIntoView({ block: 'center' }),
    );
    await shotToNotes(b2, 'history-interrupted');
  }, { screenshot: false });

  scenario('history-search-retry-export', () => browser, async (b) => {
    const search = await b.$('input[aria-label="Search jobs"]');
    await search.click();
    for (const ch of 'division') await b.keys(ch);
    const found = await until(b, () => historyRows(b), (r) => r.length === 8 && r.every((x) => x.state === 'failed'), {
      what: 'the 8 failed ratio jobs',
    });
    assert.ok(found.every((r) => firstSession.get(r.id)?.kind === 'ratio'));
    await shotToNotes(b, 'history-search');

    // One click retries all eight; they fail again (same parameters): re-runs of the eight.
    await (await b.$('button=Retry all failed')).click();
    await until(b, () => counts(b), (c) => c.failed === 8, { what: 'the 8 retries to fail', timeout: 20_000 });
    const all = await until(b, () => historyRows(b), (r) => r.length === 16, { what: '16 failed ratio jobs' });
    const ids = new Set(found.map((r) => r.id.replace(/-/g, '').slice(0, 8)));
    const reruns = all.filter((r) => /^re-run of [0-9a-f]{8} · division/.test(r.message));
    assert.equal(reruns.length, 8);
    assert.deepEqual(new Set(reruns.map((r) => r.message.slice(10, 18))), ids, 'one re-run of each');
    assert.match(await b.$('#history-status').getText(), /Retrying 8 failed jobs/);

    // A failed job's data (n = 0..29, y = 2 / (30 - n)) as CSV, to the hook's path.
    const id = found[0].id;
    await (await b.$(`button[aria-label="Export the data of job ${id.replace(/-/g, '').slice(0, 8)} as CSV"]`)).click();
    await until(b, () => b.$('#history-status').getText(), (t) => /^Saved the data of/.test(t), { what: 'the export' });
    const lines = readFileSync(savePath, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'x,y');
    assert.equal(lines.length, 31, 'one row per n');
    const [x0, y0] = lines[1].split(',').map(Number);
    const [x29, y29] = lines[30].split(',').map(Number);
    assert.deepEqual([x0, x29, y29], [0, 29, 2]);
    assert.ok(Math.abs(y0 - 2 / 30) < 1e-12, `y(0) = ${y0}`);

    // Its stored plot, under the rows.
    await (await b.$(`button[aria-label="Plot the data of job ${id.replace(/-/g, '').slice(0, 8)}"]`)).click();
    await until(b, () => b.$('#history-plot-note').getText(), (t) => t === '1 series, 30 points', { what: 'the stored plot' });
    assert.ok(await b.$('#history-plot-host canvas').isExisting(), 'drawn on a canvas');
    await shotToNotes(b, 'history-stored-plot');

    // The live plot as PNG, through the same save path.
    await (await b.$('#plot-export')).click();
    await until(b, () => b.$('#plot-status').getText(), (t) => t.startsWith('Saved'), { what: 'the PNG export' });
    assert.deepEqual([...readFileSync(savePath).subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);

    // The queued jobs are offered back once.
    await (await b.$('button=Resume 3 queued jobs')).click();
    await until(b, () => counts(b), (c) => c.running + c.queued === 3, { what: 'the 3 resumed jobs' });
    assert.equal(await b.$('#resume-queued').isDisplayed(), false);
    assert.deepEqual(await invoke(b, 'resume_queued'), []);
    await (await b.$('#stop-all')).click();
  });
});
