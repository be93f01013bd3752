#!/usr/bin/env node
// Jobdeck has ONE version. Cargo's `[workspace.package] version` (inherited by every crate with
// `version.workspace = true`) and package.json's `version` must be equal; the Tauri config
// reads package.json (`"version": "../package.json"`), and the lock files must agree.
//
//   node scripts/check-version.mjs              check; exit 1 and say what differs
//   node scripts/check-version.mjs --set 1.2.3  write 1.2.3 everywhere (Cargo.toml, package.json,
//                                               package-lock.json, Cargo.lock), then check
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ROOT, run } from './lib/proc.mjs';

const CRATES = { 'crates/engine/Cargo.toml': 'jobdeck-engine', 'src-tauri/Cargo.toml': 'jobdeck' };
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

const read = (rel) => readFileSync(path.join(ROOT, rel), 'utf8');

/** The `key = "value"` of one `[section]` of a TOML file (enough for Cargo manifests). */
export function tomlValue(text, section, key) {
  let inSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      inSection = header[1].trim() === section;
      continue;
    }
    const kv = inSection && new RegExp(`^${key.replace('.', '\\.')}\\s*=\\s*"([^"]*)"`).exec(line);
    if (kv) return kv[1];
  }
  return undefined;
}

/** Versions of the named packages in Cargo.lock. */
function cargoLockVersions(text) {
  const out = {};
  for (const block of text.split('[[package]]').slice(1)) {
    const name = /^name = "([^"]+)"/m.exec(block)?.[1];
    const version = /^version = "([^"]+)"/m.exec(block)?.[1];
    if (name && !/^source = /m.test(block)) out[name] = version; // workspace members have no source
  }
  return out;
}

/** Every place the version lives, with what it says. Problems are plain sentences. */
export function checkVersions() {
  const problems = [];
  const cargo = tomlValue(read('Cargo.toml'), 'workspace.package', 'version');
  const pkg = JSON.parse(read('package.json')).version;
  if (!cargo) problems.push('Cargo.toml has no [workspace.package] version');
  if (!pkg) problems.push('package.json has no "version"');
  if (cargo && pkg && cargo !== pkg) {
    problems.push(`Cargo.toml [workspace.package] version is ${cargo} but package.json version is ${pkg}: set both with \`node scripts/check-version.mjs --set <version>\``);
  }
  const version = pkg ?? cargo;

  for (const [manifest, name] of Object.entries(CRATES)) {
    const text = read(manifest);
    const own = tomlValue(text, 'package', 'version');
    if (own) problems.push(`${manifest} sets its own version ${own}: use \`version.workspace = true\``);
    else if (!/^\s*version\.workspace\s*=\s*true/m.test(text) && !/^\s*version\s*=\s*\{\s*workspace\s*=\s*true/m.test(text)) {
      problems.push(`${manifest} does not inherit the workspace version (\`version.workspace = true\`)`);
    }
    const locked = cargoLockVersions(read('Cargo.lock'))[name];
    if (version && locked && locked !== version) {
      problems.push(`Cargo.lock has ${name} ${locked}, not ${version}: run \`cargo update --workspace\``);
    }
  }

  const tauri = JSON.parse(read('src-tauri/tauri.conf.json')).version;
  if (tauri !== '../package.json' && tauri !== version) {
    problems.push(`src-tauri/tauri.conf.json "version" is ${JSON.stringify(tauri)}: use "../package.json"`);
  }

  try {
    const lock = JSON.parse(read('package-lock.json'));
    for (const [where, v] of [['package-lock.json "version"', lock.version], ['package-lock.json packages[""].version', lock.packages?.['']?.version]]) {
      if (v !== undefined && v !== version) problems.push(`${where} is ${v}, not ${version}: run \`npm install --package-lock-only\``);
    }
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }

  if (version) {
    const m = SEMVER.exec(version);
    if (!m) problems.push(`version ${version} is not semantic versioning (MAJOR.MINOR.PATCH[-PRE][+BUILD])`);
    else {
      // The Windows MSI (WiX) needs MAJOR.MINOR ≤ 255, PATCH ≤ 65535 and a numeric pre-release.
      const [major, minor, patch, pre] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4]];
      if (major > 255 || minor > 255 || patch > 65535) problems.push(`version ${version} is too large for a Windows .msi (major and minor ≤ 255, patch ≤ 65535)`);
      if (pre !== undefined && !/^\d+$/.test(pre)) {
        problems.push(`pre-release "${pre}" of ${version} is not numeric: the Windows .msi cannot carry it (use e.g. ${m[1]}.${m[2]}.${m[3]}-1)`);
      }
    }
  }
  return { version, cargo, pkg, problems };
}

function setVersion(v) {
  if (!SEMVER.test(v)) throw new Error(`${v} is not a semantic version`);
  const cargoPath = path.join(ROOT, 'Cargo.toml');
  let section = '';
  let done = false;
  const lines = readFileSync(cargoPath, 'utf8').split('\n').map((line) => {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) section = header[1].trim();
    if (!done && section === 'workspace.package' && /^\s*version\s*=/.test(line)) {
      done = true;
      return line.replace(/"[^"]*"/, `"${v}"`);
    }
    return line;
  });
  if (!done) throw new Error('Cargo.toml has no [workspace.package] version line');
  writeFileSync(cargoPath, lines.join('\n'));

  // Edit only the "version" line so package.json keeps its formatting.
  const pkgPath = path.join(ROOT, 'package.json');
  writeFileSync(pkgPath, readFileSync(pkgPath, 'utf8').replace(/^(\s*"version"\s*:\s*)"[^"]*"/m, `$1"${v}"`));

  const lockPath = path.join(ROOT, 'package-lock.json');
  try {
    const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
    lock.version = v;
    if (lock.packages?.['']) lock.packages[''].version = v;
    writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }

  const r = run('cargo', ['update', '--workspace', '--offline']);
  if (r.status !== 0) console.warn('check-version: `cargo update --workspace` failed; Cargo.lock will be updated by the next cargo build');
  console.log(`check-version: set ${v} in Cargo.toml, package.json, package-lock.json and Cargo.lock`);
}

function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf('--set');
  if (i >= 0) setVersion(args[i + 1] ?? '');
  const { version, problems } = checkVersions();
  if (problems.length) {
    for (const p of problems) console.error(`  ${p}`);
    console.error(`check-version: FAIL (${problems.length} problem${problems.length > 1 ? 's' : ''})`);
    process.exit(1);
  }
  console.log(`check-version: pass, version ${version} (Cargo.toml, package.json, tauri.conf.json, Cargo.lock, package-lock.json)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`check-version: FAIL, ${e.message}`);
    process.exit(1);
  }
}
