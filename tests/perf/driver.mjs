// tauri-driver for the benchmark: started once, on free ports, in its own process group
// (so WebKitWebDriver goes with it); every scenario opens a fresh app through it with the
// e2e suite's `launch()` (tests/e2e/util.mjs), which waits until the UI shows the pool.

import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { startTauriDriver } from '../../scripts/lib/driver.mjs';
import { findDescendant, stat } from './proc.mjs';

/** The app's start-up trace lines (src-tauri/src/probe/startup_trace.rs). */
const STARTUP_LINE = /^jobdeck: startup (.+?) ([\d.]+) ms, unix ([\d.]+)$/;

/**
 * Starts tauri-driver; returns {port, pid, stop(), startupStages(sinceEpochMs)}.
 *
 * Every app it launches inherits its environment, so the app traces its start-up
 * (JOBDECK_STARTUP_TRACE) and mirrors its IPC counters to `ipcStatsFile` (JOBDECK_IPC_STATS).
 * The app's stderr comes through tauri-driver's: start-up lines are kept, the rest is passed on.
 */
export async function startDriver({ ipcStatsFile } = {}) {
  // The apps' data (the `command` scenario's log files) goes in a temporary folder, not the user's.
  const dataDir = mkdtempSync(join(tmpdir(), 'jobdeck-bench-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const env = { ...process.env, JOBDECK_STARTUP_TRACE: '1', JOBDECK_DATA_DIR: dataDir };
  if (ipcStatsFile) env.JOBDECK_IPC_STATS = ipcStatsFile;
  const driver = await startTauriDriver({ env, stdout: 'ignore', stderr: 'pipe' });
  const stages = [];
  createInterface({ input: driver.stderr }).on('line', (line) => {
    const m = STARTUP_LINE.exec(line);
    if (m) stages.push({ stage: m[1], sinceRunMs: Number(m[2]), epochMs: Number(m[3]) });
    else process.stderr.write(`${line}\n`);
  });
  /** The start-up stages traced since `sinceEpochMs` (one launch's), in order. */
  const startupStages = (sinceEpochMs) => stages.filter((s) => s.epochMs >= sinceEpochMs);
  return { port: driver.port, pid: driver.pid, stop: () => driver.stop(), startupStages };
}

/** Waits until process `pid` is gone (the previous app must not share the machine). */
export async function waitGone(pid, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (pid && stat(pid) && stat(pid).state !== 'Z' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Opens a fresh app: a WebDriver session through tauri-driver. Returns
 * {b, appPid, launchedAt} where launchedAt is Date.now() before the session request.
 * `hide` (a CSS selector, from `--hide`) takes parts of the UI out of the page and `css` (a
 * rule, from `--css`) adds one, for attribution experiments ("what does the plot cost?").
 */
export async function openApp({ util, driver, hide = null, css = null, ipcStatsFile = null }) {
  // A fresh app counts from zero: the last one's figures must not be read as its own.
  if (ipcStatsFile) rmSync(ipcStatsFile, { force: true });
  const launchedAt = Date.now();
  const b = await util.launch();
  try {
    await b.setTimeout({ script: 900_000 });
    if (hide) {
      // Through the CSSOM: the app's CSP forbids inline <style> elements.
      await b.execute((sel) => {
        for (const el of document.querySelectorAll(sel)) el.style.setProperty('display', 'none', 'important');
      }, hide);
    }
    if (css) {
      // Extra rules for attribution experiments ("what do rounded corners cost?").
      await b.execute((rule) => {
        const sheet = document.styleSheets[0];
        sheet.insertRule(rule, sheet.cssRules.length);
      }, css);
    }
    // comm holds the first 15 characters of the executable's name.
    const appPid = findDescendant(driver.pid, basename(process.env.JOBDECK_APP ?? 'jobdeck').slice(0, 15));
    if (!appPid) throw new Error('the app process was not found under tauri-driver');
    return { b, appPid, launchedAt };
  } catch (e) {
    await util.close(b);
    throw e;
  }
}

/**
 * The app's IPC counters, exact (src-tauri/src/probe/traffic.rs): {messages, bytes, maxBytes}, all
 * zero before its first batch.
 */
export function readIpcStats(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { messages: 0, bytes: 0, maxBytes: 0 };
  }
}

export async function closeApp(util, app) {
  if (!app) return;
  await util.close(app.b);
  await waitGone(app.appPid);
}
