#!/usr/bin/env node
// Builds Jobdeck's installers for this OS in ONE `tauri build` (each call re-runs the UI
// build and relinks the release binary, so bundles are never built one by one), then prints
// where they went and how big they are.
//
//   node scripts/bundle.mjs                  # Linux: .deb + .rpm; Windows: .msi + setup.exe; macOS: .app + .dmg
//   node scripts/bundle.mjs --bundles deb    # any other `tauri build` argument is passed through
//   node scripts/bundle.mjs --icons          # only regenerate src-tauri/icons from assets/app-icon.svg
//
// AppImage is left out on Linux on purpose: its bundler downloads a helper at build time,
// which fails offline. The release workflow (.github/workflows/release.yml) builds it.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ROOT, run as runProgram } from './lib/proc.mjs';

/** The bundles one `npm run bundle` makes on each OS (all of them offline-capable). */
const DEFAULT_BUNDLES = { linux: 'deb,rpm', win32: 'msi,nsis', darwin: 'app,dmg' };
/** Where each bundle type lands under target/<profile>/bundle, and its file extension. */
const OUTPUTS = [
  ['deb', '.deb'],
  ['rpm', '.rpm'],
  ['appimage', '.AppImage'],
  ['msi', '.msi'],
  ['nsis', '.exe'],
  ['dmg', '.dmg'],
  ['macos', '.app'],
];

export function targetDir() {
  return process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target');
}

export function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function sizeOf(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.size;
  return readdirSync(p).reduce((sum, name) => sum + sizeOf(path.join(p, name)), 0);
}

/** Every bundle under target/release/bundle written at or after `since` (ms since epoch). */
export function listBundles(since = 0) {
  const bundleDir = path.join(targetDir(), 'release', 'bundle');
  const found = [];
  for (const [dir, ext] of OUTPUTS) {
    const d = path.join(bundleDir, dir);
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (name.endsWith(ext) && statSync(p).mtimeMs >= since) found.push({ type: dir, path: p, bytes: sizeOf(p) });
    }
  }
  return found;
}

/** Runs `cmd` in the repository root with its output shown; its exit status. */
function run(cmd, args) {
  return runProgram(cmd, args).status ?? 1;
}

/** Every icon comes from the one source image; mobile icons are not wanted (desktop app). */
function icons(tauri) {
  const out = path.join('src-tauri', 'icons');
  const src = path.join('assets', 'app-icon.svg');
  // The default set (desktop PNGs, .ico, .icns, Windows Store logos), then a true 256x256 PNG
  // for Linux icon themes (the default set has 256 px only as 128x128@2x).
  if (run(tauri, ['icon', src, '-o', out]) !== 0 || run(tauri, ['icon', src, '-o', out, '--png', '256']) !== 0) {
    console.error('bundle: FAIL (tauri icon)');
    process.exit(1);
  }
  for (const mobile of ['android', 'ios']) rmSync(path.join(ROOT, out, mobile), { recursive: true, force: true });
  console.log(`bundle: icons regenerated in ${out} from ${src}`);
}

function main() {
  const args = process.argv.slice(2);
  const tauri = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'tauri.cmd' : 'tauri');
  if (!existsSync(tauri)) {
    console.error('bundle: node_modules/.bin/tauri is missing; run `npm ci` first');
    process.exit(2);
  }
  if (args.includes('--icons')) return icons(tauri);

  if (!args.includes('--bundles') && !args.includes('-b')) {
    const defaults = DEFAULT_BUNDLES[process.platform];
    if (!defaults) {
      console.error(`bundle: no default installer types for ${process.platform}; pass --bundles <list>`);
      process.exit(2);
    }
    args.push('--bundles', defaults);
  }
  const started = Date.now();
  console.log(`bundle: tauri build ${args.join(' ')}`);
  const status = run(tauri, ['build', ...args]);
  if (status !== 0) {
    console.error(`bundle: FAIL (tauri build exited ${status})`);
    process.exit(status);
  }

  const bundles = listBundles(started - 1000);
  if (bundles.length === 0) {
    console.error('bundle: FAIL (tauri build succeeded but wrote no bundle under target/release/bundle)');
    process.exit(1);
  }
  const exe = path.join(targetDir(), 'release', process.platform === 'win32' ? 'jobdeck.exe' : 'jobdeck');
  console.log(`\nbundle: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const b of bundles) console.log(`  ${b.type.padEnd(8)} ${mib(b.bytes).padStart(10)}  ${path.relative(ROOT, b.path)}`);
  if (existsSync(exe)) console.log(`  ${'binary'.padEnd(8)} ${mib(statSync(exe).size).padStart(10)}  ${path.relative(ROOT, exe)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
