import { describe, expect, it } from 'vitest';
import { errorText, toErrorPayload } from './errors';

describe('toErrorPayload', () => {
  it('passes an ErrorPayload through, field included', () => {
    expect(toErrorPayload({ code: 'invalid_params', message: 'steps must be ≥ 1', field: 'steps' })).toEqual({
      code: 'invalid_params',
      message: 'steps must be ≥ 1',
      field: 'steps',
    });
    expect(toErrorPayload({ code: 'not_found', message: 'no job 1', extra: 1 })).toEqual({
      code: 'not_found',
      message: 'no job 1',
    });
  });
  it('wraps bare strings and Errors (Tauri’s own rejections)', () => {
    expect(toErrorPayload('submit not allowed. Permissions associated with this command: []')).toEqual({
      code: 'ipc',
      message: 'submit not allowed. Permissions associated with this command: []',
    });
    expect(toErrorPayload(new TypeError('x is undefined'))).toEqual({ code: 'ipc', message: 'x is undefined' });
  });
  it('never returns without a message', () => {
    expect(toErrorPayload(undefined).message.length).toBeGreaterThan(0);
    expect(toErrorPayload('').message.length).toBeGreaterThan(0);
    expect(toErrorPayload({}).code).toBe('ipc');
  });
});

describe('errorText', () => {
  it('makes a sentence', () => {
    expect(errorText({ code: 'x', message: 'job already finished' })).toBe('Job already finished.');
    expect(errorText({ code: 'x', message: 'Done!' })).toBe('Done!');
    expect(errorText({ code: 'busy', message: ' ' })).toBe('Error (busy).');
  });
});
