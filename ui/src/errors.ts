// Turning anything a command rejects with into an `ErrorPayload`, so every caller shows
// `{code, message, field?}` and never has to guess what it got. Pure.

import type { ErrorPayload } from './generated/ErrorPayload';

/**
 * Normalises a rejection: an `ErrorPayload` passes through; a bare string (Tauri's own
 * errors, e.g. a missing permission) or an `Error` becomes one with code `ipc`.
 */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (e && typeof e === 'object') {
    const o = e as Record<string, unknown>;
    if (typeof o.code === 'string' && typeof o.message === 'string') {
      const p: ErrorPayload = { code: o.code, message: o.message };
      if (typeof o.field === 'string') p.field = o.field;
      return p;
    }
    if (e instanceof Error) return { code: 'ipc', message: e.message || String(e) };
    if (typeof o.message === 'string') return { code: 'ipc', message: o.message };
  }
  if (typeof e === 'string' && e.length > 0) return { code: 'ipc', message: e };
  return { code: 'ipc', message: 'The command failed without saying why.' };
}

/** A sentence for an alert: the message, ending with a full stop. */
export function errorText(p: ErrorPayload): string {
  const m = p.message.trim();
  if (m === '') return `Error (${p.code}).`;
  const text = m[0]!.toUpperCase() + m.slice(1);
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
