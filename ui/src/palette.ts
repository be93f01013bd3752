// Job colours. A job's colour comes from its `ordinal` (stable, assigned by the engine), so
// the table's swatch and the plot's line always agree and never change while it lives.
//
// The first ten hues are Tableau 10's (Maureen Stone's palette made for telling categories
// apart), in its order, so neighbouring jobs differ most. Ten more extend it for busy runs.
// Each has a variant per theme, tuned so a 1.5 px line stands out from the background:
// darker on the light theme, lighter on the dark one (the tests check the contrast, that
// every pair differs by ΔE ≥ 12 and neighbouring ordinals by ΔE ≥ 25).

export type Theme = 'light' | 'dark';

/** Plot/table background per theme; must match `--bg-panel` in styles.css. */
export const BACKGROUND: Record<Theme, string> = { light: '#ffffff', dark: '#1b1e24' };

const LIGHT = [
  '#4e79a7', // blue
  '#e8710a', // orange
  '#d62f32', // red
  '#2a9d95', // teal
  '#3f8f35', // green
  '#b08800', // gold
  '#9a5b9a', // purple
  '#e2557a', // pink
  '#8c5a3c', // brown
  '#6b6b6b', // grey
  '#1f3fa6', // indigo
  '#a3431b', // rust
  '#007f5f', // sea green
  '#7a4fd0', // violet
  '#5f7a00', // olive
  '#0b84c6', // azure
  '#b5246b', // magenta
  '#826a3a', // khaki
  '#7b1e3a', // maroon
  '#2f4f2f', // forest
];

const DARK = [
  '#7aa5d6', // blue
  '#ffa04d', // orange
  '#ff7477', // red
  '#5fd1c6', // teal
  '#78c96b', // green
  '#f2d15c', // gold
  '#cf9bd0', // purple
  '#ff9db5', // pink
  '#c9977a', // brown
  '#b8b8b8', // grey
  '#8fa6ff', // indigo
  '#ec8b62', // rust
  '#3fd1a4', // sea green
  '#b49bff', // violet
  '#b5cf4f', // olive
  '#5cc6ff', // azure
  '#f06eb0', // magenta
  '#d6bf8a', // khaki
  '#ff5c8a', // rose
  '#c0ffb0', // mint
];

/** How many distinct colours there are before they repeat. */
export const PALETTE_SIZE = LIGHT.length;

/** The palette of a theme, in ordinal order. */
export function palette(theme: Theme): readonly string[] {
  return theme === 'dark' ? DARK : LIGHT;
}

/** The colour of the job with this ordinal, as `#rrggbb`. */
export function jobColor(ordinal: number, theme: Theme): string {
  const p = palette(theme);
  const i = ((Math.trunc(ordinal) % p.length) + p.length) % p.length;
  return p[i] as string;
}

/** `#rrggbb` to `[r, g, b]` in 0..255. */
export function parseHex(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)];
}

/** WCAG relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two colours (1..21). */
export function contrast(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** CIE L*a*b* of a `#rrggbb` colour (D65). */
export function toLab(hex: string): [number, number, number] {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const fx = f(x);
  const fy = f(y);
  const fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIE76 colour difference (ΔE*ab): about 2.3 is just noticeable, 20+ is clearly different. */
export function deltaE(a: string, b: string): number {
  const [l1, a1, b1] = toLab(a);
  const [l2, a2, b2] = toLab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}
