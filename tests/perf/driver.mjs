// tauri-driver for the benchmark: started once, on free ports, in its own process group
// (so WebKitWebDriver goes with it); every scenario opens a fresh app through it with the
// e2e suite's `launch()` (tests/e2e/util.mjs), which waits until the UI shows the pool.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, join } from 'node:path';

import { freePortPair, waitForPort } from '../../scripts/lib/ports.mjs';
import { findDescendant, stat } from './proc.mjs';

export function which(name) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), join(homedir(), '.cargo', 'bin')];
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p)) ?? null;
}


/** Starts tauri-driver; returns {port, pid, stop()}. */
export async function startDriver() {
  const path = which('tauri-driver');
  if (!path) throw new Error('tauri-driver not found: `cargo install tauri-driver --locked --version 2.1.0`');
  const [port, nativePort] = await freePortPair();
  const child = spawn(path, ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', stop);
  await waitForPort(port, 15_000);
  return { port, pid: child.pid, stop };
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
 * `hide` (a CSS selector, from `--hide`) takes parts of the UI out of the page for
 * attribution experiments ("what does the plot cost?").
 */
export async function openApp({ util, driver, hide = null }) {
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
    // comm holds the first 15 characters of the executable's name.
    const appPid = findDescendant(driver.pid, basename(process.env.JOBDECK_APP ?? 'jobdeck').slice(0, 15));
    if (!appPid) throw new Error('the app process was not found under tauri-driver');
    return { b, appPid, launchedAt };
  } catch (e) {
    await util.close(b);
    throw e;
  }
}

export async function closeApp(util, app) {
  if (!app) return;
  await util.close(app.b);
  await waitGone(app.appPid);
}
