// What every script here needs to find and run programs: the repository root, npm and npx by
// their platform names, `which`, `run`, a `fail` that names its script, the re-run under a
// virtual X server, and the one pinned tauri-driver version.

import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const windows = process.platform === 'win32';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** npm and npx as `spawn` finds them (`.cmd` shims on Windows). */
export const NPM = windows ? 'npm.cmd' : 'npm';
export const NPX = windows ? 'npx.cmd' : 'npx';

/** The tauri-driver the end-to-end tests, the installer test and the benchmark use. */
export const TAURI_DRIVER_VERSION = '2.1.0';

/** Where `cargo install` puts programs (tauri-driver), searched after PATH by `which`. */
export const CARGO_BIN = join(homedir(), '.cargo', 'bin');

/** The xvfb-run arguments of every run here: a free display number (`-a`), one 1280×800 screen. */
export const XVFB_ARGS = ['-a', '-s', '-screen 0 1280x800x24'];

/** The first file `name` on PATH (then in `extraDirs`), or null. */
export function which(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs];
  const exts = windows ? ['.exe', '.cmd', ''] : [''];
  for (const dir of dirs) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        /* not here */
      }
    }
  }
  return null;
}

/**
 * Runs a program to completion in the repository root (output shown unless `options.stdio`
 * says otherwise); returns spawnSync's result. A `.cmd` shim gets a shell: Node refuses to
 * spawn one without.
 */
export function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', shell: windows && /\.cmd$/i.test(command), ...options });
}

/** A `fail(message)` for one script: prints `<prefix>: <message>` and exits with status 1. */
export function failWith(prefix) {
  return (message) => {
    console.error(`${prefix}: ${message}`);
    process.exit(1);
  };
}

/**
 * On Linux without a display, runs this script again under `xvfb-run` (a fresh virtual X
 * server) with `JOBDECK_UNDER_XVFB=1` and `env` added, and exits with its status; otherwise
 * returns. `script` is the running file's `import.meta.url`; `args` its arguments.
 */
export function underXvfb(script, { args = process.argv.slice(2), env = {} } = {}) {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.JOBDECK_UNDER_XVFB) return;
  const file = fileURLToPath(script);
  const fail = failWith(basename(file, '.mjs'));
  if (!which('xvfb-run')) fail('no DISPLAY and no xvfb-run: install xvfb and xauth (scripts/setup.mjs does)');
  const result = spawnSync('xvfb-run', [...XVFB_ARGS, process.execPath, file, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env, JOBDECK_UNDER_XVFB: '1' },
  });
  if (result.error) fail(`could not run xvfb-run: ${result.error.message}`);
  process.exit(result.status ?? 1);
}
