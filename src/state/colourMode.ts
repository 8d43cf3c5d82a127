/**
 * The colour modes of the explorer's map: part of the serialised state (AppState.mode, the URL hash), so the
 * state room owns them; the render room's palette colours each mode.
 */

/** The colour modes of the explorer, in the order of the selector. */
export const COLOUR_MODES = ['regions', 'gradient', 'output', 'layer', 'margin', 'complexity'] as const;
/**
 * One colour mode: regions (pattern hash), gradient (|grad f|), output (f_k, or the argmax class), layer (the
 * first k layers), margin (largest output minus the second largest; f itself for one output), complexity
 * (local complexity: the neurons whose zero set passes within a radius of the pixel).
 */
export type ColourMode = (typeof COLOUR_MODES)[number];

/** True when `m` is one of {@link COLOUR_MODES}; false for any other value, strings of other names included. */
export function isColourMode(m: unknown): m is ColourMode {
  return typeof m === 'string' && (COLOUR_MODES as readonly string[]).includes(m);
}

/** The units of the local-complexity radius: screen pixels (CSS pixels of the map) or (s, t) plane units. */
export const COMPLEXITY_UNITS = ['pixels', 'plane'] as const;
/** One unit of the local-complexity radius. */
export type ComplexityUnit = (typeof COMPLEXITY_UNITS)[number];

/** The default local-complexity radius: 8 pixels. */
export const DEFAULT_COMPLEXITY = { radius: 8, units: 'pixels' as ComplexityUnit };

/**
 * Parse the hash field of the local-complexity radius, `8px` (pixels) or `0.25` (plane units): a positive
 * finite radius. Returns null for anything else.
 */
export function parseComplexityRadius(text: string): { radius: number; units: ComplexityUnit } | null {
  const m = /^([0-9.eE+-]+)(px)?$/.exec(text.trim());
  if (!m) return null;
  const r = Number(m[1]);
  if (!(r > 0) || !Number.isFinite(r)) return null;
  return { radius: r, units: m[2] ? 'pixels' : 'plane' };
}
