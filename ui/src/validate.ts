// Form validation that mirrors the engine's parameter schema (`ParamSpec`), so a bad value
// is explained next to its field before anything is submitted. The engine validates again;
// its verdict wins (its errors name the field and the form shows them in the same place).

import { MAX_COUNT } from './generated/contract';
import type { JsonValue } from './generated/serde_json/JsonValue';
import type { ParamSpec } from './generated/ParamSpec';

/** The outcome of checking one field: its JSON value (`undefined`: leave it out) or why not. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** What a form field holds: text for most kinds, a checked state for booleans. */
export type RawValue = string | boolean;

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const NOT_FINITE_RE = /^[+-]?(nan|inf|infinity)$/i;

/** A number with thousands separators, for messages: `10,000,000`. */
export function groupDigits(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = (int as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/**
 * Parses the text of a numeric field. Accepts plain and exponent notation (`1e6`) and `_`
 * between digit groups (`10_000`); rejects NaN, infinities and anything else. A comma is
 * rejected rather than guessed at: it is a decimal point in half the world.
 */
export function parseNumber(text: string): Checked<number> {
  const t = text.trim();
  if (NOT_FINITE_RE.test(t)) return { ok: false, error: 'Enter a finite number.' };
  const compact = t.replace(/(\d)_(?=\d{3})/g, '$1');
  if (!NUMBER_RE.test(compact)) return { ok: false, error: 'Enter a number.' };
  const value = Number(compact);
  if (!Number.isFinite(value)) return { ok: false, error: 'Enter a finite number.' };
  return { ok: true, value };
}

function rangeError(spec: { min: number | null; max: number | null }, value: number): string | null {
  const { min, max } = spec;
  const outside = (min != null && value < min) || (max != null && value > max);
  if (!outside) return null;
  if (min != null && max != null) return `Must be between ${groupDigits(min)} and ${groupDigits(max)}.`;
  if (min != null) return `Must be at least ${groupDigits(min)}.`;
  return `Must be at most ${groupDigits(max as number)}.`;
}

/**
 * Checks one parameter's field. An empty optional field gives `undefined`: the key is left
 * out and the engine uses the default (or, with no default, the kind chooses).
 */
export function validateParam(spec: ParamSpec, raw: RawValue): Checked<JsonValue | undefined> {
  if (spec.kind === 'boolean') {
    return { ok: true, value: typeof raw === 'boolean' ? raw : raw === 'true' };
  }
  const text = typeof raw === 'string' ? raw.trim() : String(raw);
  if (text === '') {
    if (spec.required) {
      return { ok: false, error: spec.kind === 'folder' ? 'Required: choose a folder.' : 'Required.' };
    }
    return { ok: true, value: undefined };
  }
  switch (spec.kind) {
    case 'string':
    case 'folder':
      return { ok: true, value: text };
    case 'choice':
      return (spec.options ?? []).includes(text)
        ? { ok: true, value: text }
        : { ok: false, error: `Choose one of: ${(spec.options ?? []).join(', ')}.` };
    case 'lines':
      // Lines keep their own spacing; only blank lines around them go.
      return { ok: true, value: (raw as string).replace(/^\s*\n|\n\s*$/g, '') };
    case 'integer':
    case 'number': {
      const parsed = parseNumber(text);
      if (!parsed.ok) {
        return spec.kind === 'integer' && parsed.error === 'Enter a number.'
          ? { ok: false, error: 'Enter a whole number.' }
          : parsed;
      }
      const value = parsed.value;
      if (spec.kind === 'integer') {
        if (!Number.isInteger(value)) return { ok: false, error: 'Enter a whole number (no decimals).' };
        if (!Number.isSafeInteger(value)) return { ok: false, error: 'Too large for a whole number.' };
      }
      const range = rangeError(spec, value);
      if (range) return { ok: false, error: range };
      return { ok: true, value };
    }
  }
}

/** The text a field starts with: the default when there is one, else empty. */
export function initialText(spec: ParamSpec): RawValue {
  if (spec.kind === 'boolean') return spec.default === true;
  const d = spec.default;
  if (d == null) return '';
  return typeof d === 'string' ? d : typeof d === 'number' ? String(d) : JSON.stringify(d);
}

/**
 * Checks every field of a kind's form. `params` holds only the keys to send; `errors`
 * maps each bad field's name to its message (empty when all are fine).
 */
export function buildParams(
  specs: readonly ParamSpec[],
  raw: Readonly<Record<string, RawValue>>,
): { params: Record<string, JsonValue>; errors: Record<string, string> } {
  const params: Record<string, JsonValue> = {};
  const errors: Record<string, string> = {};
  for (const spec of specs) {
    const checked = validateParam(spec, raw[spec.name] ?? '');
    if (!checked.ok) errors[spec.name] = checked.error;
    else if (checked.value !== undefined) params[spec.name] = checked.value;
  }
  return { params, errors };
}

/** Checks the "How many" field: a whole number in 1..=`MAX_COUNT` (the `submit` command's limit). */
export function validateCount(raw: string): Checked<number> {
  if (raw.trim() === '') return { ok: false, error: 'Required.' };
  return validateInteger(raw, 1, MAX_COUNT);
}

/** Checks the concurrency limit field: a whole number in 1..=`max` (the job threads). */
export function validateLimit(raw: string, max: number): Checked<number> {
  if (raw.trim() === '') return { ok: false, error: 'Enter a limit.' };
  return validateInteger(raw, 1, max);
}

function validateInteger(raw: string, min: number, max: number): Checked<number> {
  const parsed = parseNumber(raw);
  if (!parsed.ok) return parsed.error === 'Enter a number.' ? { ok: false, error: 'Enter a whole number.' } : parsed;
  if (!Number.isInteger(parsed.value)) return { ok: false, error: 'Enter a whole number (no decimals).' };
  const range = rangeError({ min, max }, parsed.value);
  return range ? { ok: false, error: range } : parsed;
}
