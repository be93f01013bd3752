// Shared helpers of the end-to-end tests: one fresh app per test file, driven over WebDriver.
//
// scripts/e2e.mjs starts tauri-driver and passes JOBDECK_APP (the built binary) and
// JOBDECK_WEBDRIVER_PORT. Actions go through WebDriver as a user's would (clicks, typing, keys)
// on the DOM contract's ids and accessible names; reads of state use one executeScript round trip.

import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';

import { remote } from 'webdriverio';

import { ROOT } from '../../scripts/lib/proc.mjs';

export { ROOT };
export const SCREENSHOTS = join(ROOT, 'tests', 'screenshots');

const APP = process.env.JOBDECK_APP;
const PORT = Number(process.env.JOBDECK_WEBDRIVER_PORT ?? 4444);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Each launched app's data folder, by its WebDriver session. */
const DATA_DIRS = new WeakMap();

/** The data folder of the app behind `browser` (history, `logs/`). */
export function dataDirOf(browser) {
  return DATA_DIRS.get(browser);
}

/** A fresh, empty data folder for one app (inside the run's JOBDECK_DATA_DIR, removed with it). */
export function freshDataDir() {
  return mkdtempSync(join(process.env.JOBDECK_DATA_DIR ?? tmpdir(), 'app-'));
}

/**
 * A script that runs the app with its own environment: tauri-driver launches the binary it is
 * given with its own environment, so each app's data folder (and the export hook) is set here.
 * It `exec`s the app, so the app's process is the one WebDriver started.
 */
function wrapper(env) {
  const dir = mkdtempSync(join(process.env.JOBDECK_DATA_DIR ?? tmpdir(), 'bin-'));
  const path = join(dir, 'jobdeck');
  const q = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;
  const lines = Object.entries(env).map(([k, v]) => `export ${k}=${q(v)}`);
  writeFileSync(path, `#!/bin/sh\n${lines.join('\n')}\nexec ${q(APP)} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * Starts a fresh Jobdeck and waits until its UI has its first snapshot.
 *
 * - `dataDir`: its data folder (history, logs); a fresh empty one by default, so that every
 *   test file starts with an empty history. Pass the same folder to start "the app again".
 * - `savePath`: where exports go without the save dialog (the JOBDECK_E2E_SAVE_PATH hook).
 */
export async function launch({ dataDir = freshDataDir(), savePath } = {}) {
  if (!APP) throw new Error('JOBDECK_APP is not set: run the e2e tests with `node scripts/e2e.mjs`');
  const env = { JOBDECK_DATA_DIR: dataDir };
  if (savePath) env.JOBDECK_E2E_SAVE_PATH = savePath;
  const application = wrapper(env);
  const browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'error',
    connectionRetryCount: 1,
    waitforTimeout: 10_000,
    capabilities: {
      'tauri:options': { application },
      'wdio:enforceWebDriverClassic': true,
    },
  });
  try {
    await browser.waitUntil(
      () =>
        browser.execute(() => {
          const def = document.querySelector('#pool-default');
          const limit = document.querySelector('#pool-limit');
          return Boolean(def && /\d/.test(def.textContent) && limit && limit.value !== '');
        }),
      { timeout: 20_000, timeoutMsg: 'the UI did not show the pool within 20 s' },
    );
  } catch (e) {
    await shot(browser, `launch-${Date.now()}.failed`).catch(() => {});
    const body = await browser.execute(() => document.body?.innerText.slice(0, 500)).catch(() => '?');
    await close(browser);
    throw new Error(`${e.message}; the page says: ${JSON.stringify(body)}`);
  }
  DATA_DIRS.set(browser, dataDir);
  // Anything the strict CSP blocks from now on is recorded, and `close` fails the file.
  await browser.execute(() => {
    const seen = (window.__e2eCspViolations = []);
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
  return browser;
}

/** Ends the app's WebDriver session (which closes the app); fails on any CSP violation seen. */
export async function close(browser) {
  if (!browser) return;
  const violations = await browser.execute(() => window.__e2eCspViolations ?? []).catch(() => []);
  await browser.deleteSession().catch(() => {});
  if (violations.length) throw new Error(`the content security policy blocked: ${violations.join('; ')}`);
}

/** Saves a screenshot of the window to tests/screenshots/<name>.png. */
export async function shot(browser, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await browser.saveScreenshot(path);
  return path;
}

/**
 * A test that always leaves a screenshot named after it: `<name>.png` when it passes,
 * `<name>.failed.png` when it fails.
 */
export function scenario(name, getBrowser, fn, { screenshot = true, ...options } = {}) {
  return it(name, { timeout: 120_000, ...options }, async () => {
    const browser = getBrowser();
    try {
      await fn(browser);
    } catch (e) {
      await shot(browser, `${name}.failed`).catch(() => {});
      throw e;
    }
    // A scenario that ends the app (closing its window) takes its screenshots before.
    if (screenshot) await shot(browser, name);
  });
}

/** The pool bar's counts: {running, queued, paused, succeeded, failed, cancelled}. */
export function counts(browser) {
  return browser.execute(() => {
    const out = {};
    for (const el of document.querySelectorAll('[data-count]')) {
      out[el.getAttribute('data-count')] = Number(el.textContent.replace(/[^\d]/g, ''));
    }
    return out;
  });
}

/** Every rendered job row: {id, short, state, progress, message}. */
export function rows(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('#jobs [data-job-id]')].map((row) => {
      const bar = row.querySelector('.job-progress');
      return {
        id: row.getAttribute('data-job-id'),
        short: row.getAttribute('data-job-id').replace(/-/g, '').slice(0, 8),
        state: row.getAttribute('data-state'),
        progress: bar ? Number(bar.getAttribute('aria-valuenow')) : NaN,
        message: row.querySelector('.job-message')?.textContent.trim() ?? '',
      };
    }),
  );
}

/** Waits until `predicate(value)` holds for `value = await read()`; returns that value. */
export async function until(browser, read, predicate, { timeout = 10_000, what = 'condition' } = {}) {
  let last;
  try {
    await browser.waitUntil(
      async () => {
        last = await read();
        return predicate(last);
      },
      { timeout, interval: 50 },
    );
  } catch {
    throw new Error(`timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
  }
  return last;
}

/** Clicks into the field, selects what it holds and types `value` over it, as a user would. */
async function typeOver(browser, selector, value) {
  const field = await browser.$(selector);
  await field.waitForDisplayed();
  await field.click();
  await browser.keys(['Control', 'a']);
  // One action per character: `keys` presses all its keys together, like a chord.
  for (const ch of String(value)) await browser.keys(ch);
  return field;
}

/** Types `value` into the field (replacing what it holds) and tabs out of it. */
export async function type(browser, selector, value) {
  const field = await typeOver(browser, selector, value);
  await browser.keys('Tab');
  await until(browser, () => field.getValue(), (v) => v === String(value), { what: `${selector} = ${value}` });
}

/** Sets the concurrency limit from the pool bar (typing, then Enter). */
export async function setPoolLimit(browser, limit) {
  const field = await typeOver(browser, '#pool-limit', limit);
  await browser.keys('Enter');
  await until(browser, () => field.getValue(), (v) => Number(v) === limit, { what: `limit ${limit}` });
}

/** Picks a job kind in the new-job form and types its parameters and the count. */
export async function fillForm(browser, kind, params = {}, count = 1) {
  const select = await browser.$('#job-kind');
  await select.selectByAttribute('value', kind);
  await until(browser, () => browser.$(`#param-${Object.keys(params)[0] ?? 'x'}`).isExisting(), (ok) => ok || Object.keys(params).length === 0, { what: `the ${kind} form` });
  for (const [name, value] of Object.entries(params)) await type(browser, `#param-${name}`, value);
  await type(browser, '#job-count', count);
}

/** Clicks Start and waits until `expected` more rows exist. */
export async function start(browser, expected) {
  const before = (await rows(browser)).length;
  await (await browser.$('#start')).click();
  if (expected === undefined) return [];
  const after = await until(browser, () => rows(browser), (r) => r.length >= before + expected, {
    what: `${expected} new rows`,
  });
  return after.slice(before);
}

/** Clicks the row button with this accessible name, e.g. "Stop job 3f2a1b2c". */
export async function clickByName(browser, name) {
  const button = await browser.$(`button[aria-label="${name}"]`);
  await button.waitForClickable({ timeout: 5_000 });
  await button.click();
}

/** The newest process running the app binary under test (its parent is WebKitWebDriver). */
export function appPid() {
  const app = realpathSync(APP);
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

/** Calls one of the app's commands from the page, as ipc.ts does (for reading state in tests). */
export function invoke(browser, cmd, args = {}) {
  return browser.execute((c, a) => window.__TAURI_INTERNALS__.invoke(c, a), cmd, args);
}

/** The History tab's rows: {id, state, message}. */
export function historyRows(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('#history-body [data-history-id]')].map((row) => ({
      id: row.getAttribute('data-history-id'),
      state: row.getAttribute('data-state'),
      message: row.querySelector('.h-message')?.textContent.trim() ?? '',
    })),
  );
}

/** True while `pid` runs (a zombie waiting for its parent to reap it has exited). */
export function alive(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
  } catch {
    return false;
  }
}
