/**
 * The colour maps of the explorer, bit for bit (regions, classes) or to within one level of 8 bits
 * (viridis, diverging) what shaders/palette.glsl computes. Pure functions: the CPU reference images of the
 * screenshot tests are coloured with them.
 */

/** The region colours, defined once in the engine (the SVG export uses them too). */
export { REGION_ID_MASK, regionColour } from '../engine/regionColour.ts';
/** The colour modes, defined by the state room (they are serialised there) and coloured here. */
export { COLOUR_MODES, type ColourMode, isColourMode } from '../state/colourMode.ts';

/**
 * Bits of the hash's low word compared to draw region boundaries: 30 in the regions and layer modes, 14 in
 * the gradient and output modes (whose display word carries the value instead).
 */
export function boundaryMask(valueShown: boolean): number {
  return valueShown ? 0x3fff : 0x3fffffff;
}

const VIRIDIS = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
] as const;

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

/** Viridis at t (clamped to [0, 1]); writes [r, g, b] bytes into `out` at `at`. */
export function viridis(t: number, out: Uint8Array | Uint8ClampedArray, at = 0): void {
  t = clamp01(Number.isNaN(t) ? 0 : t);
  for (let c = 0; c < 3; c++) {
    let v: number = VIRIDIS[6][c]!;
    for (let k = 5; k >= 0; k--) v = VIRIDIS[k]![c]! + t * v;
    out[at + c] = Math.round(clamp01(v) * 255);
  }
}

const MID = [221, 221, 221];
const NEG = [59, 76, 192];
const POS = [180, 4, 38];

/** Diverging blue (-1) / light grey (0) / red (+1) at t (clamped); writes bytes into `out` at `at`. */
export function diverging(t: number, out: Uint8Array | Uint8ClampedArray, at = 0): void {
  t = Math.max(-1, Math.min(1, Number.isNaN(t) ? 0 : t));
  const end = t < 0 ? NEG : POS;
  const a = Math.abs(t);
  for (let c = 0; c < 3; c++) out[at + c] = Math.round(((MID[c]! * (1 - a) + end[c]! * a) / 255) * 255);
}

/** Tableau 10 colours of the argmax classes (class k uses entry k mod 10). */
export const CLASS_COLOURS: readonly (readonly [number, number, number])[] = [
  [78, 121, 167],
  [242, 142, 43],
  [225, 87, 89],
  [118, 183, 178],
  [89, 161, 79],
  [237, 201, 72],
  [176, 122, 161],
  [255, 157, 167],
  [156, 117, 95],
  [186, 176, 172],
];

/** Colour of argmax class k; writes bytes into `out` at `at`. */
export function classColour(k: number, out: Uint8Array | Uint8ClampedArray, at = 0): void {
  const c = CLASS_COLOURS[((k % 10) + 10) % 10]!;
  out[at] = c[0];
  out[at + 1] = c[1];
  out[at + 2] = c[2];
}

/** Region boundaries darken the pixel's colour by this factor. */
export const BOUNDARY_DARKEN = 0.5;
/** Colour of the output's zero level set / class edges (bytes). */
export const LEVEL_COLOUR: readonly [number, number, number] = [0, 0, 0];
/** Colour of the probe neuron's zero set (bytes). */
export const PROBE_COLOUR: readonly [number, number, number] = [255, 0, 200];
