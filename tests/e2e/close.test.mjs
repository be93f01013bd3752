// Closing the window (as a window manager's close button does) cancels every job and the
// process exits within a second; the seed's demos kept working for seconds after theirs closed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { alive, appPid, close, counts, fillForm, launch, ROOT, scenario, shot, start, until } from './util.mjs';

describe('close', { skip: process.platform !== 'linux' && 'needs X11' }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => close(browser));

  scenario('close-window-exits', () => browser, async (b) => {
    await fillForm(b, 'progress', { steps: 1000000, step_ms: 10 }, 4);
    await start(b, 4);
    await until(b, () => counts(b), (c) => c.running >= 1, { what: 'running jobs' });
    await shot(b, 'close-window-before');
    const pid = appPid();
    assert.ok(pid && alive(pid), 'found the app process');

    // Python starts slowly on a busy machine: time from when the request left, as it reports.
    const sent = spawnSync('python3', [join(ROOT, 'tests', 'e2e', 'close_window.py'), String(pid)], { encoding: 'utf8' });
    assert.equal(sent.status, 0, `close_window.py: ${sent.stderr}${sent.stdout}`);
    const sentAt = Number(sent.stdout.split('\n')[0]);
    while (alive(pid) && Date.now() - sentAt < 5000) await new Promise((r) => setTimeout(r, 5));
    const took = Date.now() - sentAt;
    assert.ok(!alive(pid), 'the app exited');
    assert.ok(took < 1000, `the app exited ${took} ms after the close request`);
    console.log(`close: the app exited ${took} ms after the close request, with jobs running`);
  }, { screenshot: false });
});
