#!/usr/bin/env node
// Jobdeck's performance benchmark (issue 6): the release app in its real WebKitGTK webview.
//
//   node scripts/bench.mjs                    every scenario in full, 30-minute soak
//   node scripts/bench.mjs --quick            the short mode CI runs (a few minutes); it
//                                             asserts only that each scenario ran and
//                                             produced figures, never absolute timings
//   node scripts/bench.mjs --soak-minutes 2   full mode with a shorter soak
//   node scripts/bench.mjs --only flood,plot  some scenarios (startup, flood, plot, many, command, soak)
//
// It builds the release app without bundling (`npx tauri build --no-bundle`, which turns on
// the custom-protocol feature) unless target/release/jobdeck is newer than every source,
// re-runs itself under `xvfb-run` when there is no DISPLAY, starts tauri-driver, and runs
// each scenario in a fresh app driven over WebDriver (tests/perf/scenarios.mjs). It prints a
// table and writes bench-results/bench-<mode>-<time>.json. Method: docs/PERFORMANCE.md.

import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { failWith, NPX, ROOT, run, underXvfb } from './lib/proc.mjs';

const SCENARIOS = ['startup', 'flood', 'plot', 'many', 'command', 'soak'];

const options = {
  quick: { type: 'boolean', default: false },
  'soak-minutes': { type: 'string' },
  only: { type: 'string' },
  'no-build': { type: 'boolean', default: false },
  app: { type: 'string' },
  hide: { type: 'string' },
  css: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};
let args;
try {
  ({ values: args } = parseArgs({ options }));
} catch (e) {
  console.error(`bench: ${e.message} (see --help)`);
  process.exit(2);
}
if (args.help) {
  console.log(
    'usage: node scripts/bench.mjs [--quick] [--soak-minutes N] [--only startup,flood,plot,many,command,soak] [--no-build] [--app PATH] [--hide CSS-SELECTOR] [--css CSS-RULE]',
  );
  process.exit(0);
}

const fail = failWith('bench');

const soakMinutes = args['soak-minutes'] != null ? Number(args['soak-minutes']) : 30;
if (!(soakMinutes > 0)) fail(`--soak-minutes must be a positive number, not ${args['soak-minutes']}`);
const only = args.only ? args.only.split(',').map((s) => s.trim()) : SCENARIOS;
for (const s of only) if (!SCENARIOS.includes(s)) fail(`unknown scenario ${s}; pick from ${SCENARIOS.join(', ')}`);
// The binary `tauri build` makes; CARGO_TARGET_DIR moves it (cargo and the Tauri CLI honour it).
const targetDir = resolve(ROOT, process.env.CARGO_TARGET_DIR ?? 'target');
const app = resolve(args.app ?? process.env.JOBDECK_APP ?? join(targetDir, 'release', 'jobdeck'));

// ---- build (outside Xvfb: the build needs no display) ----

/** Newest modification time (ms) of the files the release binary is built from. */
function newestSource() {
  let newest = 0;
  const skip = new Set(['node_modules', 'target', 'dist', 'gen', '.git']);
  const walk = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (!skip.has(e)) walk(join(p, e));
    } else if (!/\.test\.ts$/.test(p)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of ['ui', 'crates', 'src-tauri', 'Cargo.toml', 'Cargo.lock', 'package.json', 'package-lock.json', 'vite.config.ts']) {
    walk(join(ROOT, p));
  }
  return newest;
}

if (!args['no-build'] && !process.env.JOBDECK_UNDER_XVFB && !args.app && !process.env.JOBDECK_APP) {
  let built = 0;
  try {
    built = statSync(app).mtimeMs;
  } catch {
    /* not built yet */
  }
  if (built > newestSource()) {
    console.log(`bench: ${app} is up to date`);
  } else {
    console.log('bench: building the release app: npx tauri build --no-bundle');
    const r = run(NPX, ['tauri', 'build', '--no-bundle']);
    if (r.status !== 0) fail('the release build failed');
  }
}
try {
  statSync(app);
} catch {
  fail(`no app at ${app}`);
}

// ---- a display ----

underXvfb(import.meta.url, { args: [...process.argv.slice(2), '--no-build'], env: { JOBDECK_APP: app } });

// ---- the run ----

const { startDriver } = await import('./../tests/perf/driver.mjs');
const { backgroundLoad } = await import('./../tests/perf/proc.mjs');
const scenarios = await import('./../tests/perf/scenarios.mjs');
const { machine, table } = await import('./../tests/perf/report.mjs');

const ipcStatsFile = join(tmpdir(), `jobdeck-bench-ipc-${process.pid}.json`);
const driver = await startDriver({ ipcStatsFile });
process.env.JOBDECK_APP = app;
process.env.JOBDECK_WEBDRIVER_PORT = String(driver.port);
// The e2e suite's helpers (launch, close, fillForm, setPoolLimit) read these two at import.
const util = await import(pathToFileURL(join(ROOT, 'tests', 'e2e', 'util.mjs')).href);

const mode = args.quick ? 'quick' : 'full';
const started = new Date();
const log = (m) => console.log(`bench: ${m}`);
const ctx = { util, driver, quick: args.quick, soakMinutes, log, displayFps: null, hide: args.hide ?? null, css: args.css ?? null, ipcStatsFile };
const results = {
  mode,
  startedAt: started.toISOString(),
  app,
  appBuiltAt: new Date(statSync(app).mtimeMs).toISOString(),
  machine: machine(),
  options: { quick: args.quick, soakMinutes: args.quick ? 0.75 : soakMinutes, only, hide: args.hide ?? null, css: args.css ?? null },
  // WebKit settings from the environment change every figure (see docs/PERFORMANCE.md).
  webkitEnv: Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(WEBKIT_|LIBGL_|GALLIUM_|LP_NUM_THREADS)/.test(k))),
  scenarios: {},
};
log(`${mode} mode on ${results.machine.nproc} × ${results.machine.cpuModel}, WebKitGTK ${results.machine.webkitgtk}, display ${process.env.DISPLAY}, env ${JSON.stringify(results.webkitEnv)}`);

const scenarioByName = {
  startup: scenarios.startup,
  flood: scenarios.flood,
  plot: scenarios.plot,
  many: scenarios.manyJobs,
  command: scenarios.command,
  soak: scenarios.soak,
};
for (const name of SCENARIOS.filter((s) => only.includes(s))) {
  const load = await backgroundLoad(1000);
  const busy = load.busyPct > 25 ? ` — WARNING: the machine is ${load.busyPct} % busy without the app; figures will be skewed` : '';
  const t0 = Date.now();
  log(`${name} … (background load ${load.busyPct} %, loadavg ${load.loadavg?.join(' ')})${busy}`);
  try {
    const r = await scenarioByName[name](ctx);
    results.scenarios[name] = { ...r, backgroundLoad: load, seconds: Math.round((Date.now() - t0) / 100) / 10 };
    log(`${name} done in ${results.scenarios[name].seconds} s${r.ok ? '' : ' (INCOMPLETE figures)'}`);
  } catch (e) {
    results.scenarios[name] = { ok: false, error: e?.stack ?? String(e), goals: [], backgroundLoad: load, seconds: Math.round((Date.now() - t0) / 100) / 10 };
    log(`${name} FAILED: ${e?.message ?? e}`);
  }
}
driver.stop();
rmSync(ipcStatsFile, { force: true });
results.finishedAt = new Date().toISOString();

const dir = join(ROOT, 'bench-results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-${mode}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);

console.log('');
console.log(table(results));
console.log('');
console.log(`bench: figures written to ${file}`);

const broken = Object.entries(results.scenarios).filter(([, r]) => !r.ok).map(([n]) => n);
if (broken.length) {
  console.error(`bench: no complete figures from: ${broken.join(', ')}`);
  process.exit(1);
}
process.exit(0);
