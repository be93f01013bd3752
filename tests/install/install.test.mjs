// The Linux installers, as a user gets them: install the built .deb with apt, check what it put
// on the system (desktop entry, icons, binary and its libraries), launch the INSTALLED binary
// (/usr/bin/jobdeck) through WebDriver and prove its window is the real UI that runs a job,
// then remove the package, whatever happened before. The .rpm cannot be installed on Debian:
// its metadata and file list are checked with `rpm -qip` / `rpm -qlp`.
//
// Run it with `node scripts/install-test.mjs` (builds the bundles, then runs this file under
// xvfb-run). Needs root or password-less sudo, apt, tauri-driver and WebKitWebDriver.
// Screenshot: tests/screenshots/installed-app.png.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { startTauriDriver } from '../../scripts/lib/driver.mjs';
import { ROOT, which } from '../../scripts/lib/proc.mjs';

const SCREENSHOT = join(ROOT, 'tests', 'screenshots', 'installed-app.png');
const PACKAGE = 'jobdeck';
const BINARY = '/usr/bin/jobdeck';
const DESKTOP_FILE = '/usr/share/applications/Jobdeck.desktop';
const ICON_SIZES = [32, 64, 128, 256, 512];
const BUILT_IN_KINDS = ['progress', 'ratio', 'random-walk', 'monte-carlo-pi', 'hash-files', 'noop'];
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const TARGET = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
const BUNDLE_DIR = join(TARGET, 'release', 'bundle');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '', error: r.error };
}

const isRoot = process.getuid?.() === 0;
/** Runs a command as root: directly when we are root, else through password-less sudo. */
function asRoot(cmd, args) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  return isRoot ? sh(cmd, args, { env }) : sh('sudo', ['-n', 'DEBIAN_FRONTEND=noninteractive', cmd, ...args]);
}

function canRunAsRoot() {
  return isRoot || sh('sudo', ['-n', 'true']).status === 0;
}

function isInstalled() {
  return sh('dpkg-query', ['-W', '-f=${db:Status-Status}', PACKAGE]).stdout.trim() === 'installed';
}

function findBundle(dir, pattern) {
  const d = join(BUNDLE_DIR, dir);
  if (!existsSync(d)) return null;
  const hits = readdirSync(d)
    .filter((f) => pattern.test(f))
    .map((f) => join(d, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return hits[0] ?? null;
}

/** Parses the [Desktop Entry] group of a .desktop file into {key: value}. */
function parseDesktopEntry(text) {
  const out = {};
  let inGroup = false;
  for (const line of text.split('\n')) {
    if (/^\[.*\]$/.test(line.trim())) inGroup = line.trim() === '[Desktop Entry]';
    else if (inGroup && /^[A-Za-z0-9-]+=/.test(line)) {
      const i = line.indexOf('=');
      out[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return out;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(24);
  readSync(fd, buf, 0, 24, 0);
  closeSync(fd);
  assert.equal(buf.toString('latin1', 1, 4), 'PNG', `${path} is not a PNG`);
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}


const deb = findBundle('deb', new RegExp(`^Jobdeck_${VERSION.replace(/\./g, '\\.')}_[^_]+\\.deb$`));
const rpmFile = findBundle('rpm', new RegExp(`^Jobdeck-${VERSION.replace(/\./g, '\\.')}-[^-]+\\.[^.]+\\.rpm$`));
const inCI = Boolean(process.env.CI);
const onDebian = process.platform === 'linux' && Boolean(which('apt-get')) && Boolean(which('dpkg'));
// Off Debian (or without root) this cannot run: skip there, but never in CI, where it must run.
const skip = !onDebian ? 'needs Linux with apt and dpkg' : !canRunAsRoot() && !inCI ? 'needs root or password-less sudo' : false;

describe('Linux installers', { skip }, () => {
  let installedBefore = false;

  before(() => {
    assert.ok(deb, `no Jobdeck_${VERSION}_*.deb in ${join(BUNDLE_DIR, 'deb')}: run \`node scripts/bundle.mjs\``);
    assert.ok(canRunAsRoot(), 'installing needs root or password-less sudo');
    installedBefore = isInstalled();
    if (installedBefore) console.log(`# note: ${PACKAGE} was already installed; it is replaced, then removed`);
    // Tools the checks use; small Debian packages, installed only when missing.
    const tools = { rpm: 'rpm', xwininfo: 'x11-utils', 'desktop-file-validate': 'desktop-file-utils' };
    const missing = Object.entries(tools).filter(([bin]) => !which(bin)).map(([, pkg]) => pkg);
    if (missing.length) {
      const install = () => asRoot('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
      let r = install();
      if (r.status !== 0) {
        asRoot('apt-get', ['update']); // a fresh machine may have no package lists yet
        r = install();
      }
      if (r.status !== 0) console.log(`# note: could not install ${missing.join(' ')}:\n${r.out}`);
    }
  });

  // Always leave the machine as it was: the package removed, even when a check failed.
  after(() => {
    if (isInstalled()) asRoot('apt-get', ['remove', '-y', PACKAGE]);
  });

  it('installs the .deb with apt', { timeout: 300_000 }, () => {
    const t0 = Date.now();
    const r = asRoot('apt-get', ['install', '-y', '--no-install-recommends', deb]);
    assert.equal(r.status, 0, `apt-get install ${deb} failed:\n${r.out}`);
    assert.ok(isInstalled(), 'dpkg does not list jobdeck as installed');
    const version = sh('dpkg-query', ['-W', '-f=${Version}', PACKAGE]).stdout.trim();
    assert.equal(version, VERSION, 'installed version');
    console.log(`# installed ${deb} (${(statSync(deb).size / 1048576).toFixed(2)} MiB) in ${Date.now() - t0} ms`);
  });

  it('puts the binary on PATH with all its libraries', () => {
    assert.ok(existsSync(BINARY), `${BINARY} is missing`);
    const size = statSync(BINARY).size;
    console.log(`# ${BINARY}: ${(size / 1048576).toFixed(2)} MiB`);
    const ldd = sh('ldd', [BINARY]);
    assert.equal(ldd.status, 0, ldd.out);
    assert.doesNotMatch(ldd.out, /not found/, `unresolved libraries:\n${ldd.out}`);
    const deps = sh('dpkg-query', ['-W', '-f=${Depends}', PACKAGE]).stdout;
    assert.match(deps, /libwebkit2gtk-4\.1-0/, 'Depends names WebKitGTK 4.1');
  });

  it('installs a valid desktop entry', () => {
    assert.ok(existsSync(DESKTOP_FILE), `${DESKTOP_FILE} is missing`);
    const entry = parseDesktopEntry(readFileSync(DESKTOP_FILE, 'utf8'));
    assert.equal(entry.Type, 'Application');
    assert.equal(entry.Name, 'Jobdeck');
    assert.ok(entry.Comment?.length > 10, 'Comment says what Jobdeck is');
    assert.equal(entry.Exec, 'jobdeck');
    assert.equal(entry.Icon, 'jobdeck');
    assert.equal(entry.Terminal, 'false');
    assert.equal(entry.StartupWMClass, 'jobdeck');
    const categories = entry.Categories.split(';').filter(Boolean);
    assert.deepEqual(categories, ['Development', 'Utility']);
    if (which('desktop-file-validate')) {
      const v = sh('desktop-file-validate', [DESKTOP_FILE]);
      // Hints (e.g. two main categories, which we want) are not errors.
      assert.equal(v.status, 0, `desktop-file-validate:\n${v.out}`);
    }
  });

  it('installs the icon in every size of the hicolor theme', () => {
    for (const size of ICON_SIZES) {
      const icon = `/usr/share/icons/hicolor/${size}x${size}/apps/jobdeck.png`;
      assert.ok(existsSync(icon), `${icon} is missing`);
      assert.deepEqual(pngSize(icon), [size, size], `${icon} dimensions`);
    }
  });

  it('launches the installed binary and shows the real UI', { timeout: 120_000 }, async (t) => {
    assert.ok(process.env.DISPLAY, 'no DISPLAY: run through `node scripts/install-test.mjs` (it uses xvfb-run)');
    assert.ok(which('WebKitWebDriver'), 'WebKitWebDriver is not installed (apt-get install webkit2gtk-driver)');
    const { remote } = await import('webdriverio');

    // The app keeps its webview data under XDG dirs: keep them out of the user's home.
    const xdg = mkdtempSync(join(tmpdir(), 'jobdeck-install-test-'));
    let driver;
    let browser;
    try {
      // Its own process group, so WebKitWebDriver and the app go with it.
      driver = await startTauriDriver({
        env: {
          ...process.env,
          XDG_DATA_HOME: join(xdg, 'data'),
          XDG_CACHE_HOME: join(xdg, 'cache'),
          XDG_CONFIG_HOME: join(xdg, 'config'),
        },
      });
      browser = await remote({
        hostname: '127.0.0.1',
        port: driver.port,
        logLevel: 'error',
        connectionRetryCount: 1,
        capabilities: { 'tauri:options': { application: BINARY }, 'wdio:enforceWebDriverClassic': true },
      });

      // The pool bar and the new-job form, built from the engine's kinds over IPC.
      await browser.waitUntil(
        () => browser.execute(() => document.querySelectorAll('#job-kind option').length > 0 && document.querySelector('#pool-limit')?.value !== ''),
        { timeout: 20_000, timeoutMsg: 'the installed app did not show the job form and pool bar within 20 s' },
      );
      const ui = await browser.execute(() => ({
        title: document.title,
        kinds: [...document.querySelectorAll('#job-kind option')].map((o) => o.value),
        limit: document.querySelector('#pool-limit')?.value,
        poolDefault: document.querySelector('#pool-default')?.textContent ?? '',
      }));
      for (const kind of BUILT_IN_KINDS) assert.ok(ui.kinds.includes(kind), `#job-kind offers "${kind}" (has ${ui.kinds.join(', ')})`);
      assert.ok(Number(ui.limit) >= 1, `#pool-limit holds a limit (got ${JSON.stringify(ui.limit)})`);
      assert.match(ui.poolDefault, /\d/, '#pool-default shows the machine default');

      // One job through the installed build: commands, the engine and the event feed work.
      await (await browser.$('#job-kind')).selectByAttribute('value', 'noop');
      await (await browser.$('#start')).click();
      await browser.waitUntil(
        () => browser.execute(() => document.querySelector('#jobs [data-job-id][data-state="succeeded"]') !== null),
        { timeout: 15_000, timeoutMsg: 'a noop job started from the installed app did not succeed within 15 s' },
      );

      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await browser.saveScreenshot(SCREENSHOT);
      console.log(`# screenshot: ${SCREENSHOT}`);

      // The window's WM_CLASS is what the desktop entry's StartupWMClass names (the launcher
      // groups the window under Jobdeck's icon by it).
      if (which('xwininfo')) {
        const tree = sh('xwininfo', ['-root', '-tree']).stdout;
        const line = tree.split('\n').find((l) => /"Jobdeck": \(/.test(l));
        assert.ok(line, `no X window titled Jobdeck:\n${tree}`);
        const classes = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]).slice(1);
        const wmClass = parseDesktopEntry(readFileSync(DESKTOP_FILE, 'utf8')).StartupWMClass;
        assert.ok(classes.includes(wmClass), `WM_CLASS ${JSON.stringify(classes)} includes StartupWMClass ${wmClass}`);
      } else {
        t.diagnostic('xwininfo (x11-utils) is missing: WM_CLASS not checked');
      }
    } catch (e) {
      if (browser) {
        mkdirSync(dirname(SCREENSHOT), { recursive: true });
        await browser.saveScreenshot(SCREENSHOT.replace(/\.png$/, '.failed.png')).catch(() => {});
      }
      throw e;
    } finally {
      await browser?.deleteSession().catch(() => {});
      if (driver) {
        driver.stop('SIGTERM');
        await sleep(300);
        driver.stop('SIGKILL');
      }
      rmSync(xdg, { recursive: true, force: true });
    }
  });

  it('removes cleanly', { timeout: 120_000 }, () => {
    const r = asRoot('apt-get', ['remove', '-y', PACKAGE]);
    assert.equal(r.status, 0, `apt-get remove failed:\n${r.out}`);
    assert.ok(!isInstalled(), 'jobdeck is still installed');
    for (const p of [BINARY, DESKTOP_FILE, '/usr/share/icons/hicolor/128x128/apps/jobdeck.png']) {
      assert.ok(!existsSync(p), `${p} is left behind`);
    }
  });
});

describe('the .rpm', { skip: process.platform !== 'linux' ? 'needs Linux' : false }, () => {
  it('carries the right metadata and files', () => {
    assert.ok(rpmFile, `no Jobdeck-${VERSION}-*.rpm in ${join(BUNDLE_DIR, 'rpm')}: run \`node scripts/bundle.mjs\``);
    assert.ok(which('rpm'), 'the rpm tool is missing (apt-get install rpm)');
    const info = sh('rpm', ['-qip', rpmFile]);
    assert.equal(info.status, 0, info.out);
    const field = (name) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(info.stdout)?.[1].trim();
    assert.equal(field('Name'), PACKAGE);
    // rpm has no '-' in versions: a pre-release may be spelled with '~' or '_'.
    assert.ok([VERSION, VERSION.replace(/-/g, '~'), VERSION.replace(/-/g, '_')].includes(field('Version')), `Version ${field('Version')}`);
    assert.equal(field('License'), 'MIT OR Apache-2.0');
    assert.equal(field('URL'), 'https://github.com/jobdeck/jobdeck');
    assert.ok(field('Summary')?.length > 10, 'Summary says what Jobdeck is');
    const files = sh('rpm', ['-qlp', rpmFile]).stdout.split('\n');
    for (const f of [BINARY, DESKTOP_FILE, ...ICON_SIZES.map((s) => `/usr/share/icons/hicolor/${s}x${s}/apps/jobdeck.png`)]) {
      assert.ok(files.includes(f), `the .rpm installs ${f}`);
    }
    const requires = sh('rpm', ['-qRp', rpmFile]).stdout;
    assert.match(requires, /libwebkit2gtk-4\.1\.so\.0/, 'the .rpm requires WebKitGTK 4.1');
    console.log(`# ${rpmFile}: ${(statSync(rpmFile).size / 1048576).toFixed(2)} MiB`);
  });
});
