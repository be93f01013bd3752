// Text for people: durations, rates, percentages, tick labels and job results.
// Pure functions only; the table, the legend and the plot axes all use them.

import type { JsonValue } from './generated/serde_json/JsonValue';

/** Placeholder for a value that is not known (yet). */
export const UNKNOWN = '—';

/** The first 8 hex characters of a job's uuid: how the UI and its accessible names refer to a job. */
export function shortId(id: string): string {
  return id.replace(/-/g, '').slice(0, 8);
}

/**
 * A duration in milliseconds as a short text: `0.4 s`, `9.8 s`, `42 s`, `3m 05s`, `2h 07m`.
 * Tenths are shown only below ten seconds, where they still mean something to a reader.
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return UNKNOWN;
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes}m ${pad2(totalSeconds % 60)}s`;
  const hours = Math.floor(totalMinutes / 60);
  if (hours < 100) return `${hours}h ${pad2(totalMinutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** The remaining time of a job, or `—` when it cannot be estimated. */
export function formatEta(ms: number | null): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return UNKNOWN;
  // An ETA below a second reads better as "< 1 s" than as a flickering tenth.
  if (ms < 1000) return '< 1 s';
  return formatDuration(Math.ceil(ms / 1000) * 1000);
}

/** `HH:MM:SS` of a local date: the pool bar's clock. */
export function formatClock(date: Date): string {
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const SI = [
  { v: 1e12, s: 'T' },
  { v: 1e9, s: 'G' },
  { v: 1e6, s: 'M' },
  { v: 1e3, s: 'k' },
];

/**
 * A count in compact form: `950`, `1.2k`, `34k`, `5.6M`. Three significant digits at most,
 * which is what fits a table cell and still tells orders of magnitude apart.
 */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n)) return UNKNOWN;
  const abs = Math.abs(n);
  for (const { v, s } of SI) {
    if (abs >= v * 0.9995) {
      const scaled = n / v;
      return `${trimNumber(scaled, Math.abs(scaled) < 10 ? 1 : 0)}${s}`;
    }
  }
  if (abs >= 100 || Number.isInteger(n)) return String(Math.round(n));
  return trimNumber(n, abs >= 10 ? 1 : 2);
}

/** Bytes as `512 B`, `1.5 KB`, `34 MB` (decimal units, like file managers). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return UNKNOWN;
  if (n < 1000) return `${Math.round(n)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  while (v >= 999.5 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${trimNumber(v, v < 10 ? 1 : 0)} ${units[i]}`;
}

/** Units per second as `12/s`, `1.2k/s`, or bytes as `34 MB/s` for kinds that count bytes. */
export function formatRate(perSecond: number | null, unit: 'count' | 'bytes' = 'count'): string {
  if (perSecond == null || !Number.isFinite(perSecond) || perSecond <= 0) return UNKNOWN;
  return unit === 'bytes' ? `${formatBytes(perSecond)}/s` : `${formatCompact(perSecond)}/s`;
}

/** A percentage for a progress bar's text: `0%`, `42%`, `99.5%` (never 100% before it is). */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return UNKNOWN;
  const clamped = Math.min(100, Math.max(0, percent));
  if (clamped > 0 && clamped < 1) return `${clamped.toFixed(1)}%`;
  if (clamped > 99 && clamped < 100) return `${Math.min(99.9, Math.floor(clamped * 10) / 10).toFixed(1)}%`;
  return `${Math.floor(clamped)}%`;
}

/** A number with at most `digits` decimals and no trailing zeros. */
function trimNumber(n: number, digits: number): string {
  const s = n.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * A number as a value a person reads: integers with their digits (up to 15), others with
 * six significant digits, very large or small ones in exponent form.
 */
export function formatValue(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e15)) return n.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(n.toPrecision(6)));
}

/** An axis tick: compact, so that `1,000,000,000` samples read `1G`. */
export function formatTick(n: number): string {
  if (!Number.isFinite(n)) return '';
  const abs = Math.abs(n);
  if (abs >= 1e4) return formatCompact(n);
  if (abs === 0) return '0';
  if (abs < 1e-3) return n.toExponential(1);
  return String(Number(n.toPrecision(4)));
}

/**
 * A job's result in one line: the primitive fields of an object as `key: value`, nested
 * objects and arrays by their size, so a `hash-files` manifest of 10,000 entries stays short.
 */
export function formatResult(value: JsonValue, maxLength = 160): string {
  let text: string;
  const command = commandResult(value);
  if (command != null) text = command;
  else if (value === null) text = 'done';
  else if (Array.isArray(value)) text = `[${value.length} items]`;
  else if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) parts.push(`${k}: ${formatField(k, v)}`);
    text = parts.length ? parts.join(', ') : '{}';
  } else text = formatField('', value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/**
 * A command job's result `{exitCode, seconds, lastLines}` as a person reads it:
 * `exit 0 · 12.5 s · <its last line>`; `null` for any other value.
 */
function commandResult(value: JsonValue): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const { exitCode, seconds, lastLines } = value;
  if (typeof exitCode !== 'number' || typeof seconds !== 'number' || !Array.isArray(lastLines)) return null;
  const last = lastLines[lastLines.length - 1];
  const parts = [`exit ${exitCode}`, formatDuration(seconds * 1000)];
  if (typeof last === 'string' && last !== '') parts.push(last);
  return parts.join(' · ');
}

function formatField(key: string, v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return key === 'bytes' ? formatBytes(v) : formatValue(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.length} ${v.length === 1 ? 'item' : 'items'}]`;
  const n = Object.keys(v).length;
  return `{${n} ${n === 1 ? 'entry' : 'entries'}}`;
}
