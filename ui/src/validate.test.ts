import { describe, expect, it } from 'vitest';
import { MAX_COUNT } from './generated/contract';
import type { ParamSpec } from './generated/ParamSpec';
import {
  buildParams,
  groupDigits,
  initialText,
  parseNumber,
  validateCount,
  validateLimit,
  validateParam,
} from './validate';

const spec = (over: Partial<ParamSpec>): ParamSpec => ({
  name: 'steps',
  label: 'Steps',
  help: '',
  kind: 'integer',
  required: false,
  default: 1000,
  min: 1,
  max: 10_000_000,
  options: [],
  ...over,
});

describe('parseNumber', () => {
  it('accepts plain, signed, decimal, exponent and underscore-grouped numbers', () => {
    expect(parseNumber('42')).toEqual({ ok: true, value: 42 });
    expect(parseNumber(' -1.5 ')).toEqual({ ok: true, value: -1.5 });
    expect(parseNumber('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseNumber('1e6')).toEqual({ ok: true, value: 1_000_000 });
    expect(parseNumber('10_000')).toEqual({ ok: true, value: 10_000 });
  });
  it('rejects NaN, infinities, commas and words', () => {
    expect(parseNumber('NaN')).toEqual({ ok: false, error: 'Enter a finite number.' });
    expect(parseNumber('-Infinity')).toEqual({ ok: false, error: 'Enter a finite number.' });
    expect(parseNumber('1e999')).toEqual({ ok: false, error: 'Enter a finite number.' });
    expect(parseNumber('1,5').ok).toBe(false);
    expect(parseNumber('abc').ok).toBe(false);
    expect(parseNumber('12abc').ok).toBe(false);
    expect(parseNumber('0x10').ok).toBe(false);
  });
});

describe('validateParam', () => {
  it('leaves an empty optional field out, so the engine uses its default', () => {
    expect(validateParam(spec({}), '')).toEqual({ ok: true, value: undefined });
    expect(validateParam(spec({ default: null }), '  ')).toEqual({ ok: true, value: undefined });
  });
  it('checks a choice against its options, and takes lines as text', () => {
    const choice = spec({ kind: 'choice', options: ['auto', 'tqdm'], default: 'auto', min: null, max: null });
    expect(validateParam(choice, 'tqdm')).toEqual({ ok: true, value: 'tqdm' });
    expect(validateParam(choice, 'TQDM')).toEqual({ ok: false, error: 'Choose one of: auto, tqdm.' });
    const lines = spec({ kind: 'lines', default: null, min: null, max: null });
    expect(validateParam(lines, 'A=1\nB=2\n')).toEqual({ ok: true, value: 'A=1\nB=2' });
  });
  it('requires required fields', () => {
    expect(validateParam(spec({ required: true, default: null }), '')).toEqual({ ok: false, error: 'Required.' });
    expect(validateParam(spec({ kind: 'folder', required: true, default: null, min: null, max: null }), '')).toEqual({
      ok: false,
      error: 'Required: choose a folder.',
    });
  });
  it('checks integers: whole, in range, not NaN', () => {
    expect(validateParam(spec({}), '250')).toEqual({ ok: true, value: 250 });
    expect(validateParam(spec({}), '1.5')).toEqual({ ok: false, error: 'Enter a whole number (no decimals).' });
    expect(validateParam(spec({}), 'abc')).toEqual({ ok: false, error: 'Enter a whole number.' });
    expect(validateParam(spec({}), 'NaN')).toEqual({ ok: false, error: 'Enter a finite number.' });
    expect(validateParam(spec({}), '0')).toEqual({ ok: false, error: 'Must be between 1 and 10,000,000.' });
    expect(validateParam(spec({}), '-5')).toEqual({ ok: false, error: 'Must be between 1 and 10,000,000.' });
    expect(validateParam(spec({}), '20000000')).toEqual({ ok: false, error: 'Must be between 1 and 10,000,000.' });
    expect(validateParam(spec({ max: null }), '1e300')).toEqual({ ok: false, error: 'Too large for a whole number.' });
  });
  it('checks numbers: decimals allowed, one-sided bounds named', () => {
    const n = spec({ kind: 'number', name: 'step_ms', min: 0, max: null });
    expect(validateParam(n, '2.5')).toEqual({ ok: true, value: 2.5 });
    expect(validateParam(n, '-1')).toEqual({ ok: false, error: 'Must be at least 0.' });
    expect(validateParam(spec({ kind: 'number', min: null, max: 10 }), '11')).toEqual({
      ok: false,
      error: 'Must be at most 10.',
    });
    expect(validateParam(n, 'fast')).toEqual({ ok: false, error: 'Enter a number.' });
  });
  it('passes strings, folders and booleans through', () => {
    expect(validateParam(spec({ kind: 'string', min: null, max: null }), ' hi ')).toEqual({ ok: true, value: 'hi' });
    expect(validateParam(spec({ kind: 'folder', min: null, max: null }), '/tmp')).toEqual({ ok: true, value: '/tmp' });
    expect(validateParam(spec({ kind: 'boolean' }), true)).toEqual({ ok: true, value: true });
    expect(validateParam(spec({ kind: 'boolean' }), false)).toEqual({ ok: true, value: false });
  });
});

describe('initialText', () => {
  it('starts a field with its default', () => {
    expect(initialText(spec({}))).toBe('1000');
    expect(initialText(spec({ default: null }))).toBe('');
    expect(initialText(spec({ kind: 'string', default: 'a' }))).toBe('a');
    expect(initialText(spec({ kind: 'boolean', default: true }))).toBe(true);
  });
});

describe('buildParams', () => {
  it('collects valid values and every error by field', () => {
    const specs = [spec({}), spec({ name: 'step_ms', kind: 'number', min: 0, max: 60_000, default: 10 })];
    expect(buildParams(specs, { steps: '50', step_ms: '' })).toEqual({ params: { steps: 50 }, errors: {} });
    const bad = buildParams(specs, { steps: 'x', step_ms: '-1' });
    expect(bad.params).toEqual({});
    expect(Object.keys(bad.errors)).toEqual(['steps', 'step_ms']);
  });
});

describe('validateCount and validateLimit', () => {
  it('allows 1..=10,000 jobs per submit', () => {
    expect(validateCount('5')).toEqual({ ok: true, value: 5 });
    expect(validateCount('')).toEqual({ ok: false, error: 'Required.' });
    expect(validateCount('0').ok).toBe(false);
    expect(validateCount(String(MAX_COUNT))).toEqual({ ok: true, value: MAX_COUNT });
    expect(validateCount('10001')).toEqual({ ok: false, error: 'Must be between 1 and 10,000.' });
    expect(validateCount('2.5').ok).toBe(false);
  });
  it('allows a limit up to the job threads', () => {
    expect(validateLimit('2', 64)).toEqual({ ok: true, value: 2 });
    expect(validateLimit('65', 64)).toEqual({ ok: false, error: 'Must be between 1 and 64.' });
    expect(validateLimit('', 64).ok).toBe(false);
  });
  it('groups digits for messages', () => {
    expect(groupDigits(1_000_000_000_000)).toBe('1,000,000,000,000');
    expect(groupDigits(-1234.5)).toBe('-1,234.5');
    expect(groupDigits(12)).toBe('12');
  });
});

describe('validateParam: choices and lines', () => {
  const progress = spec({
    name: 'progress',
    kind: 'choice',
    default: 'auto',
    min: null,
    max: null,
    options: ['auto', 'tqdm', 'none'],
  });
  it('takes one of the options, and nothing else', () => {
    expect(validateParam(progress, 'tqdm')).toEqual({ ok: true, value: 'tqdm' });
    expect(validateParam(progress, 'bogus')).toEqual({ ok: false, error: 'Choose one of: auto, tqdm, none.' });
    // Left empty (an optional choice's blank option): the engine's default applies.
    expect(validateParam(progress, '')).toEqual({ ok: true, value: undefined });
    expect(validateParam({ ...progress, required: true }, '')).toEqual({ ok: false, error: 'Required.' });
  });
  it('keeps the lines of a lines field as typed, minus blank lines around them', () => {
    const env = spec({ name: 'env', kind: 'lines', default: null, min: null, max: null });
    expect(validateParam(env, '\nA=1\n  B = two words \n\n')).toEqual({ ok: true, value: 'A=1\n  B = two words ' });
    expect(validateParam(env, ' \n\n ')).toEqual({ ok: true, value: undefined });
  });
});
