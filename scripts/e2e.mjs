#!/usr/bin/env node
// Runs the end-to-end tests (tests/e2e/*.test.mjs) against the built app in its real webview.
//
// - Without a display (CI, ssh) it re-runs itself under `xvfb-run` (a fresh virtual X server).
// - Starts tauri-driver (WebDriver for Tauri apps; it drives WebKitWebDriver) on free ports.
// - Runs the test files one after another with node's test runner; each launches its own app.
//
// The app binary is $JOBDECK_APP, else target/debug/jobdeck. It must be built by
// `npx tauri build --debug --no-bundle` (a plain `cargo build` binary loads the dev server).
// Screenshots go to tests/screenshots/.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { freePortPair, waitForPort } from './lib/ports.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const exe = process.platform === 'win32' ? '.exe' : '';
const app = resolve(process.env.JOBDECK_APP ?? join(root, 'target', 'debug', `jobdeck${exe}`));

function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

function which(name) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), join(homedir(), '.cargo', 'bin')];
  return dirs.map((d) => join(d, name + exe)).find((p) => existsSync(p)) ?? null;
}

if (!existsSync(app)) {
  fail(`no app at ${app}; build it with \`npx tauri build --debug --no-bundle\` (or run \`npm test\`)`);
}

if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.JOBDECK_UNDER_XVFB) {
  if (!which('xvfb-run')) fail('no DISPLAY and no xvfb-run: install xvfb and xauth (scripts/setup.mjs does)');
  // -a picks a free display number, so parallel runs on one machine do not collide.
  const result = spawnSync(
    'xvfb-run',
    ['-a', '-s', '-screen 0 1280x800x24', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, JOBDECK_UNDER_XVFB: '1', JOBDECK_APP: app } },
  );
  process.exit(result.status ?? 1);
}

const driverPath = which('tauri-driver');
if (!driverPath) fail('tauri-driver not found; run `node scripts/setup.mjs` (it installs it with cargo)');

const [port, nativePort] = await freePortPair([4444, 4445]);
const driver = spawn(driverPath, ['--port', String(port), '--native-port', String(nativePort)], {
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true, // its own process group, so WebKitWebDriver goes with it
});
const stopDriver = () => {
  try {
    process.kill(-driver.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
};
process.on('exit', stopDriver);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

try {
  await waitForPort(port, 15_000);
} catch (e) {
  stopDriver();
  fail(`tauri-driver did not start: ${e.message}`);
}

mkdirSync(join(root, 'tests', 'screenshots'), { recursive: true });
const dir = join(root, 'tests', 'e2e');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.mjs'))
  .sort()
  .map((f) => join('tests', 'e2e', f));
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
console.log(`e2e: ${selected.length} files against ${app} (display ${process.env.DISPLAY}, WebDriver port ${port})`);

// One file at a time (each runs its own app; WebKitWebDriver takes one session at a time),
// no test longer than 3 minutes, and the whole run killed after 20.
const tests = spawn(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-timeout=180000', ...selected],
  { cwd: root, stdio: 'inherit', env: { ...process.env, JOBDECK_APP: app, JOBDECK_WEBDRIVER_PORT: String(port) } },
);
const watchdog = setTimeout(() => {
  console.error('e2e: still running after 20 minutes; stopping');
  tests.kill('SIGTERM');
}, 20 * 60_000);
const code = await new Promise((r) => tests.on('exit', (c, signal) => r(c ?? (signal ? 1 : 0))));
clearTimeout(watchdog);
stopDriver();
process.exit(code);
