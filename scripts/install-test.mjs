#!/usr/bin/env node
// The installer test: builds the .deb and .rpm (scripts/bundle.mjs, one release `tauri build`),
// then runs tests/install/install.test.mjs under xvfb-run: apt installs the .deb, the installed
// /usr/bin/jobdeck is driven over WebDriver, the package is removed; the .rpm's metadata is
// checked with rpm -qip. Prints one pass/fail line and exits non-zero on failure.
//
//   node scripts/install-test.mjs              build the bundles, then test them
//   node scripts/install-test.mjs --no-build   test the bundles already in target/release/bundle
import { join } from 'node:path';

import { ROOT, run, which, XVFB_ARGS } from './lib/proc.mjs';

const testFile = join(ROOT, 'tests', 'install', 'install.test.mjs');
const fmt = (ms) => `${(ms / 1000).toFixed(0)} s`;

const started = Date.now();
let buildMs = 0;
function done(ok, why = '') {
  const total = Date.now() - started;
  const parts = [buildMs ? `build ${fmt(buildMs)}` : null, `test ${fmt(total - buildMs)}`].filter(Boolean).join(', ');
  console.log(`\ninstall-test: ${ok ? 'PASS' : 'FAIL'}${why ? ` (${why})` : ''} in ${fmt(total)} (${parts})`);
  process.exit(ok ? 0 : 1);
}

if (process.platform !== 'linux') {
  console.log('install-test: the .deb/.rpm test runs on Linux only; nothing to do here');
  process.exit(0);
}

if (!process.argv.includes('--no-build')) {
  const b = run(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--bundles', 'deb,rpm']);
  buildMs = Date.now() - started;
  if (b.status !== 0) done(false, 'building the bundles failed');
}

// A fresh virtual X server for the window, whatever display the caller has (-a: a free number).
const node = [process.execPath, '--test', '--test-timeout=600000', testFile];
const [cmd, args] = which('xvfb-run') ? ['xvfb-run', [...XVFB_ARGS, ...node]] : [node[0], node.slice(1)];
if (cmd !== 'xvfb-run') console.log('install-test: xvfb-run not found; using the current DISPLAY');
const t = run(cmd, args);
done(t.status === 0, t.status === 0 ? '' : `node --test exited ${t.status ?? t.signal}`);
