#!/usr/bin/env node
// Installs what Jobdeck needs to build, run and test, and nothing when it is all there.
//
// Run by `npm start` and `npm test` before anything else. Idempotent: with everything present it
// only looks (well under 2 s). On Debian/Ubuntu it installs missing apt packages (sudo when not
// root; `apt-get update` once, only when something is missing); elsewhere it says what to install.
// Then it adds rustfmt and clippy (the format and lint gates) with rustup when they are
// missing, runs `npm ci` when node_modules is missing or older than package-lock.json, and
// installs tauri-driver (for the end-to-end tests) with cargo when it is missing.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { CARGO_BIN, failWith, NPM, ROOT, run, TAURI_DRIVER_VERSION, which } from './lib/proc.mjs';

const MIN_NODE = [20, 19, 0];
// Build: a C toolchain, pkg-config and WebKitGTK 4.1 (pulls GTK 3, libsoup 3, JavaScriptCore).
// Tests in the real webview: a virtual X server (xvfb-run needs xauth, only a Recommends of xvfb),
// WebKitWebDriver, which tauri-driver drives, and python3 (tests/e2e/close_window.py closes the
// window as a window manager would).
const APT_PACKAGES = [
  'build-essential',
  'pkg-config',
  'libwebkit2gtk-4.1-dev',
  'xvfb',
  'xauth',
  'webkit2gtk-driver',
  'python3',
  // The installer test: rpm reads the .rpm's metadata; x11-utils and desktop-file-utils check
  // the installed window and desktop entry; shellcheck lints the workflows' shell steps.
  'rpm',
  'x11-utils',
  'desktop-file-utils',
  'shellcheck',
  // Command jobs' tests and bench: Debian's tqdm for /usr/bin/python3 (real progress bars to
  // parse) and GNU parallel (the spawn-throughput comparison).
  'python3-tqdm',
  'parallel',
];

function say(message) {
  console.log(`setup: ${message}`);
}

const fail = failWith('setup');

/** Runs a command with inherited output; exits with a message when it fails. */
function must(command, args, options = {}) {
  say(`$ ${[command, ...args].join(' ')}`);
  const result = run(command, args, options);
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`\`${[command, ...args].join(' ')}\` failed (exit ${result.status})`);
}

function osRelease() {
  try {
    const fields = {};
    for (const line of readFileSync('/etc/os-release', 'utf8').split('\n')) {
      const m = line.match(/^([A-Z_]+)=(.*)$/);
      if (m) fields[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
    }
    return fields;
  } catch {
    return null;
  }
}

function checkNode() {
  const have = process.versions.node.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (have[i] > MIN_NODE[i]) return;
    if (have[i] < MIN_NODE[i]) {
      fail(
        `Node ${MIN_NODE.join('.')} or newer is needed (this is ${process.versions.node}).\n` +
          '  Install a current Node LTS, e.g. from https://nodejs.org or with nvm, and run this again.',
      );
    }
  }
}

function checkCargo() {
  const cargo = which('cargo', [CARGO_BIN]);
  if (!cargo) {
    fail(
      'Rust (cargo) was not found.\n' +
        '  Install it with rustup (https://rustup.rs), open a new shell so ~/.cargo/bin is on PATH,\n' +
        '  and run this again.',
    );
  }
  return cargo;
}

function isDebianLike(release) {
  const ids = `${release?.ID ?? ''} ${release?.ID_LIKE ?? ''}`.split(/\s+/);
  return ids.includes('debian') || ids.includes('ubuntu');
}

/** The apt packages of `names` that are not installed. One dpkg-query call. */
function missingAptPackages(names) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...names], {
    encoding: 'utf8',
  });
  const installed = new Set(
    (result.stdout ?? '')
      .split('\n')
      .map((line) => line.trim().split(' '))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name.split(':')[0]),
  );
  return names.filter((name) => !installed.has(name));
}

function installAptPackages() {
  const missing = missingAptPackages(APT_PACKAGES);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot && !which('sudo')) {
    fail(`these packages are missing and sudo is not available: ${missing.join(' ')}\n` +
      `  As root, run: apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`);
  }
  say(`installing missing system packages: ${missing.join(' ')}`);
  const apt = (args) =>
    isRoot
      ? must('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
      : must('sudo', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]);
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', ...missing]);
}

/** On systems without apt: check what can be checked and say what to install. */
function checkOtherSystem(release) {
  const name = release?.PRETTY_NAME ?? process.platform;
  if (process.platform !== 'linux') {
    say(
      `${name}: automatic set-up covers Debian and Ubuntu only.\n` +
        '  Install the Tauri 2 prerequisites for your system (https://v2.tauri.app/start/prerequisites/).\n' +
        '  The end-to-end tests need Linux (WebKitGTK WebDriver); `npm start` works on macOS and Windows.',
    );
    return;
  }
  const webkit = spawnSync('pkg-config', ['--exists', 'webkit2gtk-4.1']).status === 0;
  const missing = [];
  if (!which('cc')) missing.push('a C toolchain (gcc or clang, make)');
  if (!webkit) missing.push('pkg-config and the WebKitGTK 4.1 development files');
  if (!which('xvfb-run') && !which('Xvfb')) missing.push('Xvfb (a virtual X server) and xauth');
  if (!which('WebKitWebDriver')) missing.push('WebKitWebDriver (the WebKitGTK WebDriver)');
  if (!which('python3')) missing.push('python3');
  if (!which('parallel')) missing.push('GNU parallel (the command-job bench)');
  if (missing.length > 0) {
    fail(
      `${name} is not Debian or Ubuntu, so nothing is installed automatically. Missing:\n` +
        missing.map((m) => `  - ${m}\n`).join('') +
        '  Fedora: sudo dnf install gcc make pkgconf-pkg-config webkit2gtk4.1-devel xorg-x11-server-Xvfb xauth webkit2gtk4.1\n' +
        '  Arch:   sudo pacman -S --needed base-devel webkit2gtk-4.1 xorg-server-xvfb xorg-xauth\n' +
        '  openSUSE: sudo zypper install -t pattern devel_basis; sudo zypper install webkit2gtk3-devel xvfb-run\n' +
        'Then run this again.',
    );
  }
}

function installNodeModules() {
  const lock = join(ROOT, 'package-lock.json');
  // npm writes node_modules/.package-lock.json on every install: its age is the install's age.
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say(existsSync(marker) ? 'package-lock.json changed: reinstalling npm packages' : 'installing npm packages');
  must(NPM, ['ci', '--no-audit', '--no-fund']);
}

/** `cargo fmt` and `cargo clippy` (run by scripts/test-all.mjs): rustup components, added when missing. */
function installRustComponents(cargo) {
  const missing = ['rustfmt', 'clippy'].filter(
    (c) => spawnSync(cargo, [c === 'rustfmt' ? 'fmt' : 'clippy', '--version'], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length === 0) return;
  const rustup = which('rustup', [CARGO_BIN]);
  if (!rustup) fail(`cargo has no ${missing.join(' or ')} and rustup was not found: install them with your Rust toolchain`);
  say(`adding Rust components: ${missing.join(' ')}`);
  must(rustup, ['component', 'add', ...missing]);
}

function installTauriDriver(cargo) {
  if (process.platform !== 'linux' && process.platform !== 'win32') return; // no WebDriver on macOS
  if (which('tauri-driver', [CARGO_BIN])) return;
  say(`installing tauri-driver ${TAURI_DRIVER_VERSION} (for the end-to-end tests)`);
  must(cargo, ['install', 'tauri-driver', '--locked', '--version', TAURI_DRIVER_VERSION]);
}

const started = Date.now();
checkNode();
const cargo = checkCargo();
const release = osRelease();
if (process.platform === 'linux' && isDebianLike(release) && which('apt-get')) {
  installAptPackages();
} else {
  checkOtherSystem(release);
}
installRustComponents(cargo);
installNodeModules();
installTauriDriver(cargo);
say(`ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
