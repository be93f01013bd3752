#!/usr/bin/env node
// Every test, in order, stopping at the first failure (exit code non-zero): the Rust code is
// formatted, metadata and generated types are consistent, workflows lint clean, Rust and UI
// unit tests, clippy finds nothing, the engine benchmark in quick mode, ONE release build (the
// installers), the end-to-end tests of that build in the real webview, the installed-.deb
// test, and the UI benchmark in quick mode. `npm test` runs scripts/setup.mjs first.

import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { NPM, NPX, ROOT, run } from './lib/proc.mjs';

const linux = process.platform === 'linux';
const exe = process.platform === 'win32' ? '.exe' : '';
// The e2e tests run a copy of the binary `tauri build` just made: target/release/jobdeck is also
// written by a plain `cargo build --release`, whose binary loads the dev server instead of the UI.
const app = join(ROOT, 'target', 'e2e', `jobdeck${exe}`);
const keepBuiltApp = () => {
  mkdirSync(dirname(app), { recursive: true });
  copyFileSync(join(ROOT, 'target', 'release', `jobdeck${exe}`), app);
};

const steps = [
  // Seconds, and needs no build: first, so a formatting slip fails before anything compiles.
  ['Rust code is formatted (rustfmt.toml)', 'cargo', ['fmt', '--all', '--check']],
  ['TypeScript is formatted (.prettierrc.json)', NPX, ['prettier', '--check', '--log-level', 'warn', 'ui/src/**/*.ts']],
  ['one version in Cargo.toml, package.json and the Tauri config', 'node', ['scripts/check-version.mjs']],
  ['generated TypeScript types are up to date', 'node', ['scripts/check-types.mjs']],
  ['GitHub workflow files lint clean', 'node', ['scripts/lint-workflows.mjs']],
  ['Rust tests (engine and shell)', 'cargo', ['test', '--workspace', '--all-features']],
  ['UI unit tests', NPM, ['run', 'test:ui']],
  // After the tests, not before: clippy needs a check build of its own but reuses the test
  // build's build scripts and proc macros (cold, measured: 180 s of CPU alone, 133 s after the
  // tests), while the test build gains nothing from clippy's. Warm, it takes a second or two.
  ['clippy finds nothing', 'cargo', ['clippy', '--workspace', '--all-targets', '--all-features', '--', '-D', 'warnings']],
  // Quick mode: proves the benchmark runs and prints its table; it asserts no timings.
  ['engine benchmark, quick mode', 'cargo', ['bench', '-p', 'jobdeck-engine', '--bench', 'engine'], null,
    { JOBDECK_BENCH_QUICK: '1' }],
  // The one release build of the run: `tauri build` builds the UI, turns on tauri's
  // custom-protocol feature (embedded assets) and, on Linux, makes the .deb and .rpm.
  linux
    ? ['release build and installers (.deb, .rpm)', 'node', ['scripts/bundle.mjs', '--bundles', 'deb,rpm'], keepBuiltApp]
    : ['release build', NPX, ['tauri', 'build', '--no-bundle'], keepBuiltApp],
  ['end-to-end tests in the real webview', 'node', ['scripts/e2e.mjs'], null, { JOBDECK_APP: app }],
  ...(linux ? [['install the .deb and drive the installed app', 'node', ['scripts/install-test.mjs', '--no-build']]] : []),
  ['UI performance benchmark, quick mode', 'node', ['scripts/bench.mjs', '--quick'], null, { JOBDECK_APP: app }],
];

const fmt = (ms) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);
const started = Date.now();
const timings = [];
for (const [title, command, args, after, env] of steps) {
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}\n`);
  const t0 = Date.now();
  const result = run(command, args, { env: { ...process.env, ...env } });
  const took = Date.now() - t0;
  timings.push(`${fmt(took).padStart(12)}  ${title}`);
  if (result.error || result.status !== 0) {
    console.error(`\n=== FAILED: ${title} (${result.error?.message ?? `exit ${result.status ?? result.signal}`}) after ${fmt(took)}`);
    process.exit(result.status || 1);
  }
  after?.();
}
console.log(`\n=== all tests passed in ${fmt(Date.now() - started)}\n${timings.join('\n')}`);
