/**
 * The one number formatter of the HUD, the panels and the CLI: each place picks a named style (how many
 * significant digits, where exponent form starts, whether trailing zeros go) instead of writing its own.
 */

/** How a number is written: see {@link formatNumber}. */
export interface NumberStyle {
  /** Significant digits in fixed form. */
  digits: number;
  /** Digits after the point in exponent form. */
  expDigits: number;
  /** Smallest magnitude written in fixed form (below: exponent form). */
  min: number;
  /** Magnitude from which exponent form is used. */
  max: number;
  /** Drop trailing zeros in fixed form (`1.5`, not `1.50000`). */
  trimFixed: boolean;
  /** Drop trailing zeros in exponent form (`1e-7`, not `1.00000e-7`). */
  trimExponent: boolean;
}

/** The HUD's view width and the legend: 6 digits, zeros kept so the text does not jump while zooming. */
export const HUD_STYLE: NumberStyle = {
  digits: 6,
  expDigits: 4,
  min: 1e-3,
  max: 1e5,
  trimFixed: false,
  trimExponent: false,
};

/** The pointer inspector's values: 5 digits, zeros kept (columns stay aligned). */
export const INSPECTOR_STYLE: NumberStyle = {
  digits: 5,
  expDigits: 3,
  min: 1e-3,
  max: 1e5,
  trimFixed: false,
  trimExponent: false,
};

/** Panels and plot ticks: 4 digits, no trailing zeros (exponent form keeps 2 decimals). */
export const PANEL_STYLE: NumberStyle = {
  digits: 4,
  expDigits: 2,
  min: 1e-3,
  max: 1e5,
  trimFixed: true,
  trimExponent: false,
};

/** The CLI's numbers for people: 6 digits, no trailing zeros, exponent form outside [1e-4, 1e9). */
export const CLI_STYLE: NumberStyle = {
  digits: 6,
  expDigits: 5,
  min: 1e-4,
  max: 1e9,
  trimFixed: true,
  trimExponent: true,
};

/**
 * `x` in `style`: '0' for zero, String(x) for NaN and infinities, fixed form with `digits` significant
 * digits for magnitudes in [min, max), exponent form otherwise.
 */
export function formatNumber(x: number, style: NumberStyle): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= style.min && a < style.max) {
    const p = x.toPrecision(style.digits);
    return style.trimFixed ? String(Number(p)) : p;
  }
  const e = x.toExponential(style.expDigits);
  return style.trimExponent ? e.replace(/\.?0+e/, 'e') : e;
}

/**
 * A count for people: digits grouped by thousands below 1e9 (`20,000`), exponent form with 3 decimals
 * from there (`1.234e+12`).
 */
export function formatCount(n: number): string {
  return n < 1e9 ? n.toLocaleString('en-US') : n.toExponential(3);
}

/** A fraction as a percentage with `decimals` decimals (`0.1234` -> `12.34%`). */
export function formatPercent(fraction: number, decimals = 1): string {
  return `${(100 * fraction).toFixed(decimals)}%`;
}

/** A byte size for people: `1.2 MB` from a megabyte on, `850 kB` below (at least `1 kB`). */
export function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} kB`;
}
