// Closing the window (as a window manager's close button does) cancels every job and the
// process exits within a second; the seed's demos kept working for seconds after theirs closed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { close, counts, fillForm, launch, ROOT, scenario, shot, start, until } from './util.mjs';

/** The newest process running the app binary under test (its parent is WebKitWebDriver). */
function appPid() {
  const app = realpathSync(process.env.JOBDECK_APP);
  let newest = null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/exe`) !== app) continue;
      const started = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
      if (!newest || started > newest.started) newest = { pid: Number(entry), started };
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return newest?.pid ?? null;
}

/** True while `pid` runs (a zombie waiting for its parent to reap it has exited). */
function alive(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
  } catch {
    return false;
  }
}

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
