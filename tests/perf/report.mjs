// The benchmark's table and the machine it ran on.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** nproc, memory, CPU model, WebKitGTK and toolchain versions. */
export function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return '';
    }
  })();
  return {
    nproc: Number(sh('nproc', [])) || os.availableParallelism(),
    memTotalGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel: cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? null,
    kernel: os.release(),
    os: (() => {
      try {
        return readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)/m)?.[1] ?? null;
      } catch {
        return null;
      }
    })(),
    webkitgtk: sh('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0']),
    node: process.version,
    display: process.env.JOBDECK_UNDER_XVFB ? `Xvfb ${process.env.DISPLAY} (1280x800x24)` : (process.env.DISPLAY ?? null),
  };
}

/** Prints the goals of every scenario as one table. */
export function table(results) {
  const rows = [['scenario', 'metric', 'value', 'goal', 'status']];
  for (const [name, r] of Object.entries(results.scenarios)) {
    if (r.error) {
      rows.push([name, 'ERROR', r.error.split('\n')[0].slice(0, 100), '', 'failed']);
      continue;
    }
    for (const g of r.goals) {
      rows.push([name, g.metric, String(g.value), g.goal ?? '', g.met == null ? '' : g.met ? 'met' : 'MISSED']);
    }
  }
  const width = rows[0].map((_, i) => Math.min(i === 1 ? 72 : 60, Math.max(...rows.map((r) => r[i].length))));
  const line = (r) => r.map((c, i) => (c.length > width[i] ? `${c.slice(0, width[i] - 1)}…` : c.padEnd(width[i]))).join('  ').trimEnd();
  const out = [line(rows[0]), width.map((w) => '-'.repeat(w)).join('  ')];
  let prev = null;
  for (const r of rows.slice(1)) {
    out.push(line(r[0] === prev ? ['', ...r.slice(1)] : r));
    prev = r[0];
  }
  return out.join('\n');
}
