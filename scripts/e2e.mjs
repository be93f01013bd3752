#!/usr/bin/env node
// Runs the end-to-end tests (tests/e2e/*.test.mjs) against the built app in its real webview.
//
// - Without a display (CI, ssh) it re-runs itself under `xvfb-run` (a fresh virtual X server).
// - Starts tauri-driver (WebDriver for Tauri apps; it drives WebKitWebDriver) on free ports.
// - Runs the test files one after another with node's test runner; each launches its own app.
//
// The app binary is $JOBDECK_APP, else target/debug/jobdeck. It must be built by
// `npx tauri build --debug --no-bundle` (a plain `cargo build` binary loads the dev server).
// Screenshots go to tests/screenshots/. The apps keep their data (job log files) in a fresh
// temporary folder (JOBDECK_DATA_DIR), removed at the end, never in the user's data folder.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { startTauriDriver } from './lib/driver.mjs';
import { failWith, ROOT, underXvfb } from './lib/proc.mjs';

const fail = failWith('e2e');
const exe = process.platform === 'win32' ? '.exe' : '';
const app = resolve(process.env.JOBDECK_APP ?? join(ROOT, 'target', 'debug', `jobdeck${exe}`));

if (!existsSync(app)) {
  fail(`no app at ${app}; build it with \`npx tauri build --debug --no-bundle\` (or run \`npm test\`)`);
}

underXvfb(import.meta.url, { env: { JOBDECK_APP: app } });

// Inherited by tauri-driver, so by every app it launches, and by the test files.
const dataDir = mkdtempSync(join(tmpdir(), 'jobdeck-e2e-'));
process.env.JOBDECK_DATA_DIR = dataDir;
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));

let driver;
try {
  driver = await startTauriDriver({ ports: [4444, 4445] });
} catch (e) {
  fail(e.message);
}
const { port } = driver;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

mkdirSync(join(ROOT, 'tests', 'screenshots'), { recursive: true });
const dir = join(ROOT, 'tests', 'e2e');
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
  { cwd: ROOT, stdio: 'inherit', env: { ...process.env, JOBDECK_APP: app, JOBDECK_WEBDRIVER_PORT: String(port) } },
);
const watchdog = setTimeout(() => {
  console.error('e2e: still running after 20 minutes; stopping');
  tests.kill('SIGTERM');
}, 20 * 60_000);
const code = await new Promise((r) => tests.on('exit', (c, signal) => r(c ?? (signal ? 1 : 0))));
clearTimeout(watchdog);
driver.stop();
process.exit(code);
