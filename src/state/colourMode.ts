/**
 * The colour modes of the explorer's map: part of the serialised state (AppState.mode, the URL hash), so the
 * state room owns them; the render room's palette colours each mode.
 */

/** The colour modes of the explorer, in the order of the selector. */
export const COLOUR_MODES = ['regions', 'gradient', 'output', 'layer', 'margin'] as const;
/**
 * One colour mode: regions (pattern hash), gradient (|grad f|), output (f_k, or the argmax class), layer (the
 * first k layers), margin (largest output minus the second largest; f itself for one output).
 */
export type ColourMode = (typeof COLOUR_MODES)[number];

/** True when `m` is one of {@link COLOUR_MODES}; false for any other value, strings of other names included. */
export function isColourMode(m: unknown): m is ColourMode {
  return typeof m === 'string' && (COLOUR_MODES as readonly string[]).includes(m);
}
