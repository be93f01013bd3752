// WebKitGTK reports the process locale as `navigator.language`. Under LANG=C (CI machines,
// minimal containers) that is "C", not a BCP 47 tag, and `new Intl.NumberFormat("C")`
// throws a RangeError — which uPlot does while it loads, so the whole UI would fail to
// start. `main.ts` imports this module first, before anything that loads uPlot.

const FALLBACK = 'en-US';

/**
 * A usable BCP 47 tag for a POSIX or browser locale name: `en_US.UTF-8` → `en-US`,
 * `C`/`POSIX`/empty/invalid → `en-US`, valid tags unchanged.
 */
export function safeLanguage(lang: string | null | undefined): string {
  if (!lang) return FALLBACK;
  const base = lang.split(/[.@]/)[0]!.replace(/_/g, '-');
  if (base === '' || base === 'C' || base === 'POSIX') return FALLBACK;
  try {
    return Intl.getCanonicalLocales(base)[0] ?? FALLBACK;
  } catch {
    return FALLBACK;
  }
}

/** Replaces an unusable `navigator.language(s)` with a usable tag. */
export function guardNavigatorLanguage(nav: Navigator | undefined = globalThis.navigator): void {
  if (!nav) return;
  const lang = safeLanguage(nav.language);
  if (lang !== nav.language) {
    Object.defineProperty(nav, 'language', { value: lang, configurable: true });
    Object.defineProperty(nav, 'languages', { value: [lang], configurable: true });
  }
}

guardNavigatorLanguage();
