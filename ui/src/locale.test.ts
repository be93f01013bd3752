import { describe, expect, it } from 'vitest';
import { guardNavigatorLanguage, safeLanguage } from './locale';

describe('safeLanguage', () => {
  it('keeps valid tags', () => {
    expect(safeLanguage('de-DE')).toBe('de-DE');
    expect(safeLanguage('ko')).toBe('ko');
  });
  it('turns POSIX names into tags', () => {
    expect(safeLanguage('en_US.UTF-8')).toBe('en-US');
    expect(safeLanguage('pt_BR@euro')).toBe('pt-BR');
  });
  it('replaces the C locale and garbage with en-US (Intl would throw on them)', () => {
    for (const bad of ['C', 'C.UTF-8', 'POSIX', '', null, undefined, '!!']) expect(safeLanguage(bad)).toBe('en-US');
    expect(() => new Intl.NumberFormat(safeLanguage('C'))).not.toThrow();
  });
});

describe('guardNavigatorLanguage', () => {
  it('patches a navigator whose language is "C"', () => {
    const nav = { language: 'C', languages: ['C'] } as unknown as Navigator;
    guardNavigatorLanguage(nav);
    expect(nav.language).toBe('en-US');
    expect(nav.languages).toEqual(['en-US']);
  });
  it('leaves a good one alone', () => {
    const nav = { language: 'fr-FR', languages: ['fr-FR', 'en'] } as unknown as Navigator;
    guardNavigatorLanguage(nav);
    expect(nav.languages).toEqual(['fr-FR', 'en']);
  });
});
