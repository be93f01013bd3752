// Command jobs in the real app: a python3 tqdm script drives its row's bar to 100 %, a
// script printing TeamCity `loss` values draws a line in the plot's `loss` series, the log
// panel shows a program's lines (stderr marked), and Pause, Resume and Stop act on a whole
// process tree (`sh -c 'sleep … & sleep … & wait'`): stopped, every process is gone. Closing
// the window with a tree that ignores SIGTERM running: the app waits for the SIGKILL, so
// nothing of the tree outlives it.
// Screenshots (form, bar, series selector, log panel) go to tests/screenshots/command-*.png.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';

import { alive, appPid, clickByName, close, counts, dataDirOf, launch, ROOT, rows, scenario, shot, until } from './util.mjs';

const FIXTURES = join(ROOT, 'tests', 'e2e', 'fixtures');
// Debian's interpreter: it has python3-tqdm (a pyenv python3 first on PATH may not).
const PYTHON = '/usr/bin/python3';

describe('command jobs', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => close(browser));

  scenario('command-tqdm-bar', () => browser, async (b) => {
    await commandForm(b, `${PYTHON} ${FIXTURES}/tqdm_bar.py 60 0.05`);
    // The form as a user sees it: Command (with the recent-commands list), folder, env, …
    const field = await b.$('input[aria-label="Command"]');
    assert.equal(await field.getAttribute('id'), 'param-command', 'the field named "Command" is the command');
    const shell = await b.$('input[aria-label="Run in a shell"]');
    assert.equal(await shell.getAttribute('type'), 'checkbox', 'a "Run in a shell" checkbox');
    await shot(b, 'command-form');
    const [job] = await startOne(b);
    const partway = await until(
      b,
      () => row(b, job.id),
      (r) => r?.state === 'running' && r.progress > 10 && r.progress < 100,
      { timeout: 15_000, what: 'the tqdm bar to move' },
    );
    await shot(b, 'command-row-bar');
    const done = await until(b, () => row(b, job.id), (r) => r?.state === 'succeeded', {
      timeout: 30_000,
      what: 'the tqdm job to succeed',
    });
    assert.ok(partway.progress < done.progress, `the bar moved: ${partway.progress} → ${done.progress}`);
    assert.equal(done.progress, 100, 'the row’s bar reached 100 %');
  });

  scenario('command-teamcity-loss', () => browser, async (b) => {
    await commandForm(b, `${PYTHON} ${FIXTURES}/teamcity_loss.py 40 0.03`);
    const [job] = await startOne(b);
    // The command lines run are offered again, the latest first (earlier runs' follow: the
    // webview keeps its localStorage between launches).
    const recent = await b.execute(() => [...document.querySelectorAll('#recent-commands option')].map((o) => o.value));
    assert.ok(recent.length <= 10, `at most ten: ${recent.length}`);
    assert.deepEqual(
      recent.slice(0, 2).map((c) => c.split('/').pop()),
      ['teamcity_loss.py 40 0.03', 'tqdm_bar.py 60 0.05'],
      `the Command field offers ${recent}`,
    );
    await until(b, () => row(b, job.id), (r) => r?.state === 'succeeded', { timeout: 30_000, what: 'the loss job' });
    // The selector lists the names seen; pick `loss` as a user would.
    const options = await until(
      b,
      () => b.execute(() => [...document.querySelectorAll('#plot-series option')].map((o) => o.value)),
      (names) => names.includes('loss'),
      { what: 'the series selector to offer loss' },
    );
    await (await b.$('select[aria-label="Series"]')).selectByAttribute('value', 'loss');
    const stats = await until(
      b,
      () => b.execute(() => window.__jobdeck.plotStats()),
      (s) => s.series === 'loss' && s.lines >= 1,
      { what: 'the plot to draw the loss series' },
    );
    assert.ok(stats.lines >= 1, `lines of loss: ${stats.lines} (options ${options.join(', ')})`);
    const legend = await b.execute(() =>
      [...document.querySelectorAll('[data-legend-job]')].map((e) => e.getAttribute('data-legend-job')),
    );
    assert.ok(legend.includes(job.id), 'the loss job has a legend entry');
    await b.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const pixels = await colourPixels(b, job.id);
    assert.ok(pixels > 50, `the loss line is drawn in its job’s colour: ${pixels} pixels`);
    await shot(b, 'command-series-selector');

    // Its log, live in the panel: stdout lines and the stderr warning, marked.
    const name = `Log of job ${job.short}`;
    await clickByName(b, name);
    const panel = await b.$(`[role="region"][aria-label="${name}"]`);
    await panel.waitForDisplayed({ timeout: 5_000 });
    // It follows the end: the last lines are in view, the stderr one marked.
    const log = await until(b, () => shownLines(b), (l) => l.lines.includes('done'), {
      what: 'the log panel to show the program’s last lines',
    });
    assert.ok(log.lines.includes('epoch 40'), `lines in view: ${log.lines}`);
    assert.deepEqual(log.stderr, [{ mark: 'stderr', text: 'warning: the loss has plateaued' }], 'stderr is marked');
    await shot(b, 'command-log-panel');
    // Scrolled up, it shows the first lines (and stops following).
    await b.execute(() => {
      document.querySelector('#log-lines').scrollTop = 0;
    });
    const top = await until(b, () => shownLines(b), (l) => l.lines.includes('epoch 1'), {
      what: 'the first lines when scrolled up',
    });
    assert.ok(!top.lines.includes('done'), `the end is out of view: ${top.lines}`);
    // The full log is in <data dir>/logs/<id>.log (each app has its own data folder: util.launch).
    const file = join(dataDirOf(b), 'logs', `${job.id}.log`);
    assert.ok(existsSync(file), `the log file ${file} exists`);
    assert.match(readFileSync(file, 'utf8'), /epoch 40\n[\s\S]*\[stderr\] warning: the loss has plateaued\n/);
    assert.equal(await (await b.$('#log-open')).isEnabled(), true, '"Open full log" is offered');
    // Copy puts the lines shown on the clipboard (the Clipboard API, or the copy command).
    await (await b.$('#log-copy')).click();
    const copied = await until(b, () => b.$('#log-status').getText(), (t) => t !== '', { what: 'Copy to answer' });
    // Every line the program wrote: a status, 40 × (epoch, loss), the warning, done.
    assert.equal(copied, 'Copied 83 lines.');
    await (await b.$('#log-close')).click();
    await until(b, () => panel.isDisplayed(), (shown) => !shown, { what: 'the panel to close' });
  });

  scenario('command-tree-pause-stop', () => browser, async (b) => {
    // A marker no other process has: the sleeps' argument (GNU sleep takes fractions).
    const marker = `300.${process.pid}${Date.now() % 1000}`;
    await commandForm(b, `sh -c 'sleep ${marker} & sleep ${marker} & wait'`);
    const [job] = await startOne(b);
    await until(b, () => row(b, job.id), (r) => r?.state === 'running', { what: 'the tree to run' });
    const tree = await until(b, async () => withMarker(marker), (p) => p.length === 2, {
      what: 'two sleeps to start',
    });

    await clickByName(b, `Pause job ${job.short}`);
    await until(b, () => row(b, job.id), (r) => r?.state === 'paused', { what: 'the job to pause' });
    const stopped = await until(b, async () => tree.map(procState), (s) => s.every((st) => st === 'T'), {
      what: 'every sleep in state T',
    });
    assert.deepEqual(stopped, ['T', 'T']);
    await clickByName(b, `Resume job ${job.short}`);
    await until(b, () => row(b, job.id), (r) => r?.state === 'running', { what: 'the job to resume' });
    await until(b, async () => tree.map(procState), (s) => s.every((st) => st !== 'T'), { what: 'the sleeps to run' });

    await clickByName(b, `Stop job ${job.short}`);
    await until(b, () => row(b, job.id), (r) => r?.state === 'cancelled', {
      timeout: 10_000,
      what: 'the job to be cancelled',
    });
    assert.deepEqual(withMarker(marker), [], 'no process of the tree survives the stop');
    // Gone, or at most a zombie waiting for its new parent to reap it: nothing runs.
    const left = tree.map(procState);
    assert.ok(left.every((st) => st === '' || st === 'Z'), `pids ${tree} are gone (states ${left})`);
    const c = await counts(b);
    assert.equal(c.running + c.paused, 0);
  });
});

describe('closing with a command job running', { skip: process.platform !== 'linux' && 'needs X11' }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(() => close(browser));

  scenario(
    'command-close-window',
    () => browser,
    async (b) => {
      // SIGTERM ignored by the shell and, through exec, by its sleep: only SIGKILL ends them.
      const marker = `300.${process.pid}${(Date.now() % 1000) + 1000}`;
      await commandForm(b, `sh -c 'trap "" TERM; sleep ${marker}'`);
      const [job] = await startOne(b);
      await until(b, () => row(b, job.id), (r) => r?.state === 'running', { what: 'the tree to run' });
      await until(b, async () => withMarker(marker), (p) => p.length === 1, { what: 'the sleep to start' });
      const pid = appPid();
      assert.ok(pid && alive(pid), 'found the app process');

      const sent = spawnSync('python3', [join(ROOT, 'tests', 'e2e', 'close_window.py'), String(pid)], { encoding: 'utf8' });
      assert.equal(sent.status, 0, `close_window.py: ${sent.stderr}${sent.stdout}`);
      const sentAt = Number(sent.stdout.split('\n')[0]);
      while (alive(pid) && Date.now() - sentAt < 15_000) await new Promise((r) => setTimeout(r, 20));
      const took = Date.now() - sentAt;
      assert.ok(!alive(pid), `the app exited (after ${took} ms)`);
      assert.deepEqual(withMarker(marker), [], `nothing of the tree outlives the app (it exited after ${took} ms)`);
      console.log(`close: the app exited ${took} ms after the close request, its command tree killed first`);
    },
    { screenshot: false },
  );
});

/** Picks the command kind and types the command line (one WebDriver call, not a key each). */
async function commandForm(b, command) {
  await (await b.$('#job-kind')).selectByAttribute('value', 'command');
  const field = await b.$('#param-command');
  await field.waitForDisplayed();
  await field.setValue(command);
  await until(b, () => field.getValue(), (v) => v === command, { what: 'the command to be typed' });
}

/** Clicks Start and returns the one new row. */
async function startOne(b) {
  const before = new Set((await rows(b)).map((r) => r.id));
  // The command form is taller than its panel: bring Start into view as a user scrolls to it.
  const startButton = await b.$('#start');
  await startButton.scrollIntoView({ block: 'center' });
  await startButton.click();
  const fresh = await until(
    b,
    async () => (await rows(b)).filter((r) => !before.has(r.id)),
    (r) => r.length === 1,
    { what: 'one new row' },
  );
  const error = await b.execute(() => document.querySelector('#form-error')?.textContent ?? '');
  assert.equal(error, '', 'the form accepted the command');
  return fresh;
}

/** The log panel's lines in view (it renders only those), and its stderr lines among them. */
function shownLines(b) {
  return b.execute(() => {
    const shown = [...document.querySelectorAll('#log-lines .log-line:not([hidden])')];
    return {
      lines: shown.map((l) => l.textContent),
      stderr: shown
        .filter((l) => l.classList.contains('log-stderr'))
        .map((l) => ({ mark: l.querySelector('.log-mark')?.textContent, text: l.lastChild?.textContent })),
    };
  });
}

async function row(b, id) {
  return (await rows(b)).find((r) => r.id === id);
}

/** Pids of the processes whose command line contains `marker`. */
function withMarker(marker) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** A process's state letter from /proc/<pid>/stat (R, S, T…), or '' when it is gone. */
function procState(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return '';
  }
}

/** Canvas pixels of the plot in the colour of job `id`'s legend swatch. */
function colourPixels(b, id) {
  return b.execute((jobId) => {
    const swatch = document.querySelector(`[data-legend-job="${jobId}"] .swatch`);
    const [r, g, bl] = (getComputedStyle(swatch).backgroundColor.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    let pixels = 0;
    for (const c of document.querySelectorAll('#plot canvas')) {
      if (!c.width || !c.height) continue;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - bl) < 30) {
          pixels++;
        }
      }
    }
    return pixels;
  }, id);
}
