/**
 * The colour maps of every colour mode, in each palette, as data: the one definition that the GPU's
 * composite shader (generated from these tables by src/render/palette.ts), the CPU renderer, the reference
 * images, the colour bars and the SVG export all colour with.
 *
 * Two palettes: `default` (hashed region colours, Tableau 10 classes, viridis, a red-blue diverging map)
 * and `cvd`, safe for the common colour-vision deficiencies (regions and classes from the Okabe-Ito set,
 * cividis for magnitudes, ColorBrewer's purple-orange for signed values). Region and class colours are
 * exact bytes (integer arithmetic, identical on the GPU); the continuous maps are computed in float and
 * rounded, so the GPU's float32 agrees with them to within one level of 8 bits.
 */

/** The palettes, in the order of the panel's menu. */
export const PALETTES = ['default', 'cvd'] as const;

/** One of {@link PALETTES}. */
export type PaletteName = (typeof PALETTES)[number];

/** True when `x` names a palette. */
export function isPalette(x: unknown): x is PaletteName {
  return typeof x === 'string' && (PALETTES as readonly string[]).includes(x);
}

/** An RGB colour as three bytes. */
export type Rgb = readonly [number, number, number];

const hex = (h: string): Rgb => [
  Number.parseInt(h.slice(0, 2), 16),
  Number.parseInt(h.slice(2, 4), 16),
  Number.parseInt(h.slice(4, 6), 16),
];

/** The Okabe-Ito colours without black: orange, sky blue, bluish green, yellow, blue, vermillion, purple. */
export const OKABE_ITO: readonly Rgb[] = [
  'e69f00',
  '56b4e9',
  '009e73',
  'f0e442',
  '0072b2',
  'd55e00',
  'cc79a7',
].map(hex);

/** Tableau 10, the default palette's class colours. */
const TABLEAU_10: readonly Rgb[] = [
  '4e79a7',
  'f28e2b',
  'e15759',
  '76b7b2',
  '59a14f',
  'edc948',
  'b07aa1',
  'ff9da7',
  '9c755f',
  'bab0ac',
].map(hex);

/** The argmax class colours of each palette (class k takes entry k mod the length). */
export const CLASS_TABLES: Readonly<Record<PaletteName, readonly Rgb[]>> = {
  default: TABLEAU_10,
  // Blue and orange first (the best separated pair for two classes), then the rest, then a neutral grey.
  cvd: [...[4, 0, 2, 5, 1, 3, 6].map((i) => OKABE_ITO[i]!), [153, 153, 153] as Rgb],
};

/**
 * The region colours of the `cvd` palette: the seven Okabe-Ito colours in three tones (as they are, mixed
 * 40 % toward white, mixed 30 % toward black), 21 colours; a region takes entry (14-bit id) mod 21.
 */
export const CVD_REGION_TABLE: readonly Rgb[] = [0, 1, 2].flatMap((tone) =>
  OKABE_ITO.map(
    (c) =>
      c.map((v) =>
        tone === 0 ? v : tone === 1 ? v + Math.floor(((255 - v) * 40) / 100) : v - Math.floor((v * 30) / 100),
      ) as unknown as Rgb,
  ),
);

/** Diverging maps from -1 to +1 as eleven evenly spaced stops (ColorBrewer RdBu and PuOr, 11 classes). */
export const DIVERGING_TABLES: Readonly<Record<PaletteName, readonly Rgb[]>> = {
  // Blue for negative values, red for positive ones.
  default: [
    '053061',
    '2166ac',
    '4393c3',
    '92c5de',
    'd1e5f0',
    'f7f7f7',
    'fddbc7',
    'f4a582',
    'd6604d',
    'b2182b',
    '67001f',
  ].map(hex),
  // Purple for negative values, orange for positive ones (safe for red-green deficiencies).
  cvd: [
    '2d004b',
    '542788',
    '8073ac',
    'b2abd2',
    'd8daeb',
    'f7f7f7',
    'fee0b6',
    'fdb863',
    'e08214',
    'b35806',
    '7f3b08',
  ].map(hex),
};

/**
 * Sequential maps as polynomials in t (coefficients from degree 0 up, per channel, in 0-1 units):
 * viridis (a degree-6 fit) and cividis (d3-scale-chromatic's degree-5 fit, here divided by 255).
 */
export const SEQUENTIAL_POLYNOMIALS: Readonly<Record<PaletteName, readonly (readonly number[])[]>> = {
  default: [
    [
      0.2777273272234177, 0.1050930431085774, -0.3308618287255563, -4.634230498983486, 6.228269936347081,
      4.776384997670288, -5.435455855934631,
    ],
    [
      0.005407344544966578, 1.404613529898575, 0.214847559468213, -5.799100973351585, 14.17993336680509,
      -13.74514537774601, 4.645852612178535,
    ],
    [
      0.3340998053353061, 1.384590162594685, 0.09509516302823659, -19.33244095627987, 56.69055260068105,
      -65.35303263337234, 26.3124352495832,
    ],
  ],
  cvd: [
    [-4.54, -35.34, 2381.73, -6402.7, 7024.72, -2710.57].map((c) => c / 255),
    [32.49, 170.73, 52.82, -131.46, 176.58, -67.37].map((c) => c / 255),
    [81.24, 442.36, -2482.43, 6167.24, -6614.94, 2475.67].map((c) => c / 255),
  ],
};

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

/**
 * The sequential map of `palette` at t (clamped to [0, 1]; NaN reads as 0); writes [r, g, b] bytes into
 * `out` at `at`.
 */
export function sequentialColour(
  palette: PaletteName,
  t: number,
  out: Uint8Array | Uint8ClampedArray,
  at = 0,
): void {
  t = clamp01(Number.isNaN(t) ? 0 : t);
  const poly = SEQUENTIAL_POLYNOMIALS[palette];
  for (let c = 0; c < 3; c++) {
    const k = poly[c]!;
    let v = k[k.length - 1]!;
    for (let i = k.length - 2; i >= 0; i--) v = k[i]! + t * v;
    out[at + c] = Math.round(clamp01(v) * 255);
  }
}

/**
 * The diverging map of `palette` at t (clamped to [-1, 1]; NaN reads as 0): linear between the eleven
 * stops of {@link DIVERGING_TABLES}; writes [r, g, b] bytes into `out` at `at`.
 */
export function divergingColour(
  palette: PaletteName,
  t: number,
  out: Uint8Array | Uint8ClampedArray,
  at = 0,
): void {
  t = Math.max(-1, Math.min(1, Number.isNaN(t) ? 0 : t));
  const table = DIVERGING_TABLES[palette];
  const x = (t + 1) * 5;
  const i = Math.min(9, Math.floor(x));
  const f = x - i;
  const a = table[i]!;
  const b = table[i + 1]!;
  for (let c = 0; c < 3; c++) out[at + c] = Math.round(a[c]! + (b[c]! - a[c]!) * f);
}

/** The colour of argmax class k (any integer) in `palette`; writes bytes into `out` at `at`. */
export function classColourOf(
  palette: PaletteName,
  k: number,
  out: Uint8Array | Uint8ClampedArray,
  at = 0,
): void {
  const table = CLASS_TABLES[palette];
  const c = table[((k % table.length) + table.length) % table.length]!;
  out[at] = c[0];
  out[at + 1] = c[1];
  out[at + 2] = c[2];
}

/**
 * The colour of a region from its 14-bit id in `palette`: the default palette spreads the id's bits over
 * the three channels (5 + 5 + 4 bits, 70 to 230 each); `cvd` takes entry id mod 21 of
 * {@link CVD_REGION_TABLE}. Writes bytes into `out` at `at`.
 */
export function paletteRegionColour(
  palette: PaletteName,
  id: number,
  out: Uint8Array | Uint8ClampedArray,
  at = 0,
): void {
  if (palette === 'cvd') {
    const c = CVD_REGION_TABLE[(id >>> 0) % CVD_REGION_TABLE.length]!;
    out[at] = c[0];
    out[at + 1] = c[1];
    out[at + 2] = c[2];
    return;
  }
  out[at] = 70 + Math.floor(((id & 31) * 160) / 31);
  out[at + 1] = 70 + Math.floor((((id >>> 5) & 31) * 160) / 31);
  out[at + 2] = 70 + Math.floor((((id >>> 10) & 15) * 160) / 15);
}
