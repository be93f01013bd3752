#!/usr/bin/env node
// Start-up cost of the history: the first frame with an empty history vs with 100,000 jobs
// stored (issue 12: "start-up to the first frame grows by ≤ 100 ms over an empty history").
//
//   node tests/perf/history-startup.mjs [--app PATH] [--runs N] [--jobs N] [--keep DIR]
//
// `--keep DIR` keeps the populated data folder in DIR (and reuses it when it is there: writing
// 100,000 rows through the search index's triggers takes a minute or two).
//
// Launches the built app (JOBDECK_APP or --app, as the e2e tests) under Xvfb through
// tauri-driver on two data folders: an empty one, and one holding N stored jobs (written
// straight into history.sqlite3 by /usr/bin/python3's sqlite3 after a first start created the
// schema; the search index's triggers fill FTS5 as the writer's inserts would). For each run it
// prints, from the app process's start: the end of the first frame that drew the engine's state
// (`jobdeck:first-frame`) and of the first frame that had the history's first page
// (`jobdeck:history-frame`). Prints figures only; asserts nothing (timing on a shared machine).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { startTauriDriver } from '../../scripts/lib/driver.mjs';
import { ROOT, underXvfb } from '../../scripts/lib/proc.mjs';
import { startEpochMs } from './proc.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const app = resolve(opt('app', process.env.JOBDECK_APP ?? join(ROOT, 'target', 'debug', 'jobdeck')));
const runs = Number(opt('runs', 5));
const jobs = Number(opt('jobs', 100_000));
const keep = opt('keep', null);

underXvfb(import.meta.url, { env: { JOBDECK_APP: app } });
process.env.JOBDECK_APP = app;
const root = mkdtempSync(join(tmpdir(), 'jobdeck-history-startup-'));
process.env.JOBDECK_DATA_DIR = root;
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const driver = await startTauriDriver({ stdout: 'ignore', stderr: 'ignore' });
process.env.JOBDECK_WEBDRIVER_PORT = String(driver.port);
const util = await import('../e2e/util.mjs');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One start on `dataDir`: ms from the process's start to each mark. */
async function once(dataDir) {
  const b = await util.launch({ dataDir });
  try {
    const pid = util.appPid();
    const started = startEpochMs(pid);
    let marks = [];
    for (let i = 0; i < 100 && marks.length < 2; i++) {
      marks = await b.execute(() =>
        performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('jobdeck:'))
          .map((m) => ({ name: m.name, at: performance.timeOrigin + m.startTime })),
      );
      if (marks.length < 2) await sleep(100);
    }
    const at = (name) => Math.round(marks.find((m) => m.name === name)?.at - started);
    const rows = await b.execute(() => document.querySelectorAll('#history-body [data-history-id]').length);
    // The shell's resident memory once the first page is shown (the webview's is its own).
    const rssMb = Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 102.4) / 10;
    return { firstFrame: at('jobdeck:first-frame'), historyFrame: at('jobdeck:history-frame'), rows, rssMb };
  } finally {
    await util.close(b);
    await sleep(500);
  }
}

/** Alternates starts on the two folders (so that a neighbour's load hits both alike); prints medians. */
async function measure(folders) {
  const samples = folders.map(() => []);
  for (let i = 0; i < runs; i++) for (const [k, f] of folders.entries()) samples[k].push(await once(f.dir));
  return folders.map((f, k) => {
    const fr = samples[k].map((s) => s.firstFrame);
    const h = samples[k].map((s) => s.historyFrame);
    const rss = samples[k].map((s) => s.rssMb);
    console.log(
      `${f.label}: first frame ${fr.join(', ')} ms (median ${median(fr)}); history's first page drawn ${h.join(', ')} ms (median ${median(h)}); rows shown ${samples[k][0].rows}; jobdeck RSS ${median(rss)} MB`,
    );
    return { firstFrame: median(fr), historyFrame: median(h) };
  });
}

function populate(dataDir, n) {
  const py = `
import sqlite3, uuid, json, random, sys, time
db = sqlite3.connect(sys.argv[1]); n = int(sys.argv[2]); t0 = int(time.time() * 1000) - n * 1000
rows = []
for i in range(n):
    failed = i % 7 == 0
    rows.append((str(uuid.uuid4()), 'ratio' if i % 2 else 'progress', json.dumps({'iterations': 40 if failed else 20, 'step_ms': 5}),
                 'normal', 'failed' if failed else 'succeeded', t0 + i * 1000, t0 + i * 1000 + 5, t0 + i * 1000 + 200,
                 None if failed else json.dumps({'number': i, 'value': random.random()}),
                 'division by zero at n = 30' if failed else None, 20, 20, '20 iterations'))
with db:
    db.executemany("INSERT INTO jobs (id, kind, params, priority, state, submitted_at, started_at, finished_at, result, message, done, total, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
print(db.execute('SELECT count(*) FROM jobs').fetchone()[0])
`;
  const t = Date.now();
  const r = spawnSync('/usr/bin/python3', ['-c', py, join(dataDir, 'history.sqlite3'), String(n)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  console.log(`stored ${r.stdout.trim()} jobs in ${Date.now() - t} ms`);
}

try {
  const empty = mkdtempSync(join(root, 'empty-'));
  await once(empty); // warms the disk cache and the WebKit caches like a user's second start
  const full = keep ? resolve(keep) : mkdtempSync(join(root, 'full-'));
  if (!existsSync(join(full, 'history.sqlite3'))) {
    mkdirSync(full, { recursive: true });
    await once(full); // creates the schema
    populate(full, jobs);
  }
  await once(full);
  const [e, f] = await measure([
    { label: 'empty history', dir: empty },
    { label: `${jobs} jobs stored`, dir: full },
  ]);
  console.log(
    `growth: first frame ${f.firstFrame - e.firstFrame} ms, history's first page ${f.historyFrame - e.historyFrame} ms`,
  );
} finally {
  driver.stop();
}
