// tauri-driver (WebDriver for Tauri apps; it drives WebKitWebDriver), started the one way the
// end-to-end tests, the installer test and the UI benchmark need it: on free ports, in its own
// process group so that WebKitWebDriver and the apps it launches end with it.

import { spawn } from 'node:child_process';

import { freePortPair, waitForPort } from './ports.mjs';
import { CARGO_BIN, TAURI_DRIVER_VERSION, which } from './proc.mjs';

/**
 * Starts tauri-driver and waits until it listens; returns `{port, pid, stderr, stop(signal)}`.
 *
 * - `env`: its environment, which every app it launches inherits.
 * - `ports`: the preferred [WebDriver, native driver] ports; taken ones (or 0) mean any free one.
 * - `stdout`, `stderr`: `'inherit'`, `'ignore'` or `'pipe'` (then read `driver.stderr`).
 *
 * `stop` signals the whole group (SIGTERM unless told otherwise) and also runs when this
 * process exits. Throws when tauri-driver is not installed or does not listen within 15 s.
 */
export async function startTauriDriver({ env = process.env, ports = [0, 0], stdout = 'inherit', stderr = 'inherit' } = {}) {
  const path = which('tauri-driver', [CARGO_BIN]);
  if (!path) {
    throw new Error(
      `tauri-driver not found: run \`node scripts/setup.mjs\` (or \`cargo install tauri-driver --locked --version ${TAURI_DRIVER_VERSION}\`)`,
    );
  }
  const [port, nativePort] = await freePortPair(ports);
  const child = spawn(path, ['--port', String(port), '--native-port', String(nativePort)], {
    stdio: ['ignore', stdout, stderr],
    detached: true, // its own process group: WebKitWebDriver and the apps go with it
    env,
  });
  let spawnError = null;
  child.once('error', (e) => {
    spawnError = e;
  });
  const stop = (signal = 'SIGTERM') => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  process.on('exit', () => stop());
  try {
    await waitForPort(port, 15_000);
  } catch (e) {
    stop();
    throw new Error(`tauri-driver did not start: ${spawnError?.message ?? e.message}`);
  }
  return { port, pid: child.pid, stderr: child.stderr, stop };
}
