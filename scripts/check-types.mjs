#!/usr/bin/env node
// Fails when ui/src/generated is not what the Rust sources produce now: the TypeScript of the
// engine's wire types (ts-rs) and the IPC contract (`contract.ts`, from
// src-tauri/src/contract.rs). Regenerates it with `npm run gen:types` (the lib unit tests
// named `export_*`, built with the same features as `cargo test --workspace --all-features`,
// so the Rust tests reuse the build), then asks git whether anything changed or appeared.
// Fix: `npm run gen:types` and commit ui/src/generated.

import { failWith, NPM, run } from './lib/proc.mjs';

const DIR = 'ui/src/generated';
const fail = failWith('check-types');
const capture = (command, args) => run(command, args, { stdio: 'pipe', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

console.log('check-types: regenerating with `npm run gen:types`');
const gen = capture(NPM, ['run', '--silent', 'gen:types']);
if (gen.error) throw gen.error;
if (gen.status !== 0) fail(`${gen.stdout}${gen.stderr}\n\`npm run gen:types\` failed`);

const diff = capture('git', ['diff', '--exit-code', '--stat', '--', DIR]);
const untracked = capture('git', ['ls-files', '--others', '--exclude-standard', '--', DIR]);
const changed = diff.status !== 0;
const added = untracked.stdout.trim();
if (changed || added) {
  console.error(`check-types: ${DIR} is stale: the Rust wire types or the IPC contract changed but their TypeScript was not regenerated.`);
  if (changed) console.error(diff.stdout + capture('git', ['diff', '--', DIR]).stdout);
  if (added) console.error(`new files not in git:\n${added}`);
  fail(`run \`npm run gen:types\` and commit ${DIR}.`);
}
console.log(`check-types: ${DIR} is up to date`);
