// The app's processes as Linux sees them: the process tree, memory (VmRSS, PSS) and CPU time,
// all read from /proc, so measuring costs the app nothing (no ptrace, no sampling in-process).
//
// The tree under tauri-driver is: tauri-driver → WebKitWebDriver → jobdeck → WebKit's helper
// processes (WebKitWebProcess runs the page's JavaScript, layout and painting;
// WebKitNetworkProcess serves the custom protocols, i.e. the IPC fetches), possibly with
// bubblewrap/xdg-dbus-proxy in between when WebKit sandboxes them. Every descendant of the
// jobdeck process counts as the app.

import { readFileSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';

/** Clock ticks per second of utime/stime/starttime: 100 on every Linux this runs on. */
export const CLK_TCK = 100;

function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Fields of /proc/<pid>/stat (or a task's stat): {pid, comm, state, ppid, utime, stime, starttime}. */
export function stat(pid, tid = null) {
  const text = read(tid == null ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`);
  if (!text) return null;
  // comm may hold spaces and parentheses: it ends at the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const f = text.slice(close + 2).split(' '); // f[0] is field 3 (state)
  return {
    pid: Number(pid),
    comm,
    state: f[0],
    ppid: Number(f[1]),
    utime: Number(f[11]),
    stime: Number(f[12]),
    starttime: Number(f[19]),
  };
}

/** Every process's parent: Map<ppid, pid[]>. */
function childrenMap() {
  const map = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (!s) continue;
    if (!map.has(s.ppid)) map.set(s.ppid, []);
    map.get(s.ppid).push(s.pid);
  }
  return map;
}

/** `pid` and all its descendants, parents first. */
export function tree(pid) {
  const map = childrenMap();
  const out = [];
  const queue = [Number(pid)];
  while (queue.length) {
    const p = queue.shift();
    out.push(p);
    queue.push(...(map.get(p) ?? []));
  }
  return out;
}

/** A readable name: the executable's base name (comm is cut at 15 characters). */
export function processName(pid) {
  const cmd = read(`/proc/${pid}/cmdline`);
  const first = cmd ? cmd.split('\0')[0] : '';
  return first ? basename(first) : (stat(pid)?.comm ?? String(pid));
}

/** The newest process named `name` under `rootPid` (e.g. the jobdeck of the current session). */
export function findDescendant(rootPid, name) {
  let best = null;
  for (const pid of tree(rootPid)) {
    if (pid === rootPid) continue;
    const s = stat(pid);
    if (s && (s.comm === name || processName(pid) === name || processName(pid).slice(0, 15) === name) && (!best || s.starttime > best.starttime)) best = s;
  }
  return best?.pid ?? null;
}

/** The app's processes: [{pid, name}] for the app (named `jobdeck`) and every descendant. */
export function appProcesses(appPid) {
  return tree(appPid)
    .map((pid) => ({ pid, name: pid === Number(appPid) ? 'jobdeck' : processName(pid) }))
    .filter((p) => stat(p.pid));
}

/** CPU ticks per thread name of a process; numbered threads (worker 1, worker 2…) add up. */
function threadTicks(pid) {
  const out = new Map();
  let tids = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const s = stat(pid, tid);
    if (!s) continue;
    const key = Number(tid) === Number(pid) ? 'main' : s.comm.replace(/[\d.:-]+$/, '').trim() || s.comm;
    out.set(key, (out.get(key) ?? 0) + s.utime + s.stime);
  }
  return out;
}

/** kB values of /proc/<pid>/status and smaps_rollup: {rssKb, hwmKb, pssKb, pssAnonKb}. */
export function memory(pid) {
  const status = read(`/proc/${pid}/status`);
  if (!status) return null;
  const kb = (text, key) => {
    const m = text?.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  };
  // smaps_rollup walks the page tables: a few ms for a big process, so it is read at
  // sample points only, never in a tight loop during a frame-time measurement.
  const rollup = read(`/proc/${pid}/smaps_rollup`);
  return {
    rssKb: kb(status, 'VmRSS'),
    hwmKb: kb(status, 'VmHWM'),
    pssKb: kb(rollup, 'Pss'),
    pssAnonKb: kb(rollup, 'Pss_Anon'),
  };
}

/** Memory of every process of the app, plus the sums: {processes: [{pid,name,...}], total}. */
export function appMemory(appPid) {
  const processes = [];
  for (const { pid, name } of appProcesses(appPid)) {
    const m = memory(pid);
    if (m && m.rssKb != null) processes.push({ pid, name, ...m });
  }
  const sum = (k) => processes.reduce((a, p) => a + (p[k] ?? 0), 0);
  return { processes, total: { rssKb: sum('rssKb'), pssKb: sum('pssKb') } };
}

/** CPU ticks now: per process (all threads) and of its main thread. */
export function cpuTicks(appPid) {
  const out = new Map();
  for (const { pid, name } of appProcesses(appPid)) {
    const s = stat(pid);
    const main = stat(pid, pid);
    if (s) out.set(pid, { name, total: s.utime + s.stime, main: main ? main.utime + main.stime : 0, threads: threadTicks(pid) });
  }
  return { at: performance.now(), system: systemTicks(), procs: out };
}

/**
 * How busy the machine is without the app (% of all cores over `ms`), plus the load
 * average: other work on the machine (builds, tests) skews every figure.
 */
export async function backgroundLoad(ms = 1000) {
  const a = systemTicks();
  await new Promise((r) => setTimeout(r, ms));
  const b = systemTicks();
  const dt = b.total - a.total;
  return {
    busyPct: dt > 0 ? round1((1 - (b.idle - a.idle) / dt) * 100) : null,
    loadavg: read('/proc/loadavg')?.split(' ').slice(0, 3).map(Number) ?? null,
  };
}

function systemTicks() {
  const line = read('/proc/stat')?.split('\n')[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { idle, total };
}

/**
 * CPU use between two `cpuTicks` readings, in % of one core: per process (all threads and
 * the main thread) and the whole machine's busy share (% of all cores).
 */
export function cpuDelta(a, b) {
  const seconds = (b.at - a.at) / 1000;
  const processes = [];
  for (const [pid, end] of b.procs) {
    const start = a.procs.get(pid) ?? { total: 0, main: 0, threads: new Map() };
    const pct = (ticks) => round1((ticks / CLK_TCK / seconds) * 100);
    // Threads that used at least 1 % of a core, busiest first (where the time goes).
    const threads = [...end.threads]
      .map(([name, t]) => ({ name, cpuPct: pct(t - (start.threads.get(name) ?? 0)) }))
      .filter((t) => t.cpuPct >= 1)
      .sort((x, y) => y.cpuPct - x.cpuPct)
      .slice(0, 8);
    processes.push({
      pid,
      name: end.name,
      cpuPct: pct(end.total - start.total),
      mainThreadPct: pct(end.main - start.main),
      threads,
    });
  }
  const dt = b.system.total - a.system.total;
  const machineBusyPct = dt > 0 ? round1((1 - (b.system.idle - a.system.idle) / dt) * 100) : null;
  return { seconds: round1(seconds), machineBusyPct, processes };
}

/**
 * When the process started, in ms since the Unix epoch (±10 ms: starttime counts clock
 * ticks since boot; boot time is derived from /proc/uptime, which has 10 ms resolution,
 * rather than /proc/stat's btime, which is whole seconds).
 */
export function startEpochMs(pid) {
  const s = stat(pid);
  if (!s) return null;
  const uptime = Number(read('/proc/uptime').split(' ')[0]);
  const bootEpochMs = Date.now() - uptime * 1000;
  return bootEpochMs + (s.starttime / CLK_TCK) * 1000;
}

/** The WebKit web process (the page's main thread) among the app's processes, if found. */
export function webProcessPid(appPid) {
  return appProcesses(appPid).find((p) => /WebKitWebProces/.test(p.name))?.pid ?? null;
}

function round1(x) {
  return Math.round(x * 10) / 10;
}
