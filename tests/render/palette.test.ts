/**
 * The palettes of the colour maps (engine/colourMaps.ts, render/palette.ts): their colours against the
 * published tables they come from, the diverging maps' shape, the colour-blind-safe set's separation under a
 * simulated deficiency, the GLSL generated from the same tables, and the width of the lines the CPU colouring
 * draws.
 */
import { describe, expect, it } from 'vitest';
import {
  CLASS_TABLES,
  CVD_REGION_TABLE,
  DIVERGING_TABLES,
  OKABE_ITO,
  PALETTES,
  SEQUENTIAL_POLYNOMIALS,
} from '../../src/engine/colourMaps.ts';
import { neighbourRect, type PixelBlock } from '../../src/engine/pixels.ts';
import { regionHex } from '../../src/engine/regionColour.ts';
import { type ColourPlan, colourPixels } from '../../src/render/cpu/colour.ts';
import { classColour, diverging, paletteGlsl, regionColour, viridis } from '../../src/render/palette.ts';
import { linePixels } from '../../src/state/look.ts';

const rgb = (f: (o: Uint8Array) => void) => {
  const o = new Uint8Array(3);
  f(o);
  return [o[0]!, o[1]!, o[2]!];
};
const near = (a: number[], b: number[], levels: number) => a.every((v, i) => Math.abs(v - b[i]!) <= levels);
const bytes = (x: number[]) => x.map((v) => Math.round(v * 255));

// sRGB to linear and back, and the Machado et al. (2009) full-severity deficiency matrices (linear RGB).
const lin = (v: number) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};
const srgb = (c: number) => {
  const x = Math.max(0, Math.min(1, c));
  return 255 * (x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055);
};
const DEUTAN = [
  [0.367322, 0.860646, -0.227968],
  [0.280085, 0.672501, 0.047413],
  [-0.01182, 0.04294, 0.968881],
];
const PROTAN = [
  [0.152286, 1.052583, -0.204868],
  [0.114503, 0.786281, 0.099216],
  [-0.003882, -0.048116, 1.051998],
];
const simulate = (m: number[][], c: readonly number[]) => {
  const l = c.map(lin);
  return m.map((row) => srgb(row[0]! * l[0]! + row[1]! * l[1]! + row[2]! * l[2]!));
};
const dist = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
const minPairDistance = (cs: readonly (readonly number[])[], m: number[][]) => {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < cs.length; i++)
    for (let j = i + 1; j < cs.length; j++)
      best = Math.min(best, dist(simulate(m, cs[i]!), simulate(m, cs[j]!)));
  return best;
};
// Relative luminance (WCAG), 0 to 1.
const luminance = (c: number[]) => 0.2126 * lin(c[0]!) + 0.7152 * lin(c[1]!) + 0.0722 * lin(c[2]!);

describe('palettes', () => {
  it('takes its colours from the published tables', () => {
    // Okabe & Ito (2008), "Color Universal Design": orange, sky blue, bluish green, yellow, blue, vermillion,
    // reddish purple.
    expect(OKABE_ITO).toEqual([
      [230, 159, 0],
      [86, 180, 233],
      [0, 158, 115],
      [240, 228, 66],
      [0, 114, 178],
      [213, 94, 0],
      [204, 121, 167],
    ]);
    // matplotlib's viridis and cividis tables at 0, 0.5 and 1: the polynomial fits stay within 14 levels (the
    // cividis fit's blue at 1 is the farthest: 69 against 56).
    const ends = {
      default: [
        [0.267004, 0.004874, 0.329415],
        [0.127568, 0.566949, 0.550556],
        [0.993248, 0.906157, 0.143936],
      ],
      cvd: [
        [0.0, 0.135112, 0.304751],
        [0.488697, 0.485318, 0.471008],
        [0.995737, 0.909344, 0.217772],
      ],
    } as const;
    for (const p of PALETTES) {
      [0, 0.5, 1].forEach((t, i) => {
        const got = rgb((o) => viridis(t, o, 0, p));
        expect(near(got, bytes([...ends[p][i]!]), 14), `${p} at ${t}: ${got}`).toBe(true);
      });
    }
    // ColorBrewer RdBu and PuOr (11 classes): the ends and the white middle.
    expect(rgb((o) => diverging(-1, o))).toEqual([5, 48, 97]);
    expect(rgb((o) => diverging(0, o))).toEqual([247, 247, 247]);
    expect(rgb((o) => diverging(1, o))).toEqual([103, 0, 31]);
    expect(rgb((o) => diverging(-1, o, 0, 'cvd'))).toEqual([45, 0, 75]);
    expect(rgb((o) => diverging(1, o, 0, 'cvd'))).toEqual([127, 59, 8]);
    // Half-way between two stops is their mean (rounded).
    const a = DIVERGING_TABLES.cvd[7]!;
    const b = DIVERGING_TABLES.cvd[8]!;
    expect(rgb((o) => diverging(0.5, o, 0, 'cvd'))).toEqual(
      [0, 1, 2].map((c) => Math.round((a[c]! + b[c]!) / 2)),
    );
  });

  it('diverging maps darken monotonically away from 0 on both sides', () => {
    for (const p of PALETTES) {
      let last = luminance(rgb((o) => diverging(0, o, 0, p)));
      for (let k = 1; k <= 40; k++) {
        const l = luminance(rgb((o) => diverging(k / 40, o, 0, p)));
        expect(l, `${p} at ${k / 40}`).toBeLessThan(last);
        last = l;
      }
      last = luminance(rgb((o) => diverging(0, o, 0, p)));
      for (let k = 1; k <= 40; k++) {
        const l = luminance(rgb((o) => diverging(-k / 40, o, 0, p)));
        expect(l, `${p} at ${-k / 40}`).toBeLessThan(last);
        last = l;
      }
    }
  });

  it('the cvd classes stay apart under simulated deuteranopia and protanopia, unlike Tableau 10', () => {
    const first = (p: 'default' | 'cvd', n: number) => CLASS_TABLES[p].slice(0, n);
    for (const m of [DEUTAN, PROTAN]) {
      const cvd = minPairDistance(first('cvd', 6), m);
      const tableau = minPairDistance(first('default', 6), m);
      expect(cvd).toBeGreaterThan(40);
      expect(cvd).toBeGreaterThan(tableau);
    }
    // The two ends of the cvd diverging map stay far apart too (purple against orange).
    const ends = [DIVERGING_TABLES.cvd[0]!, DIVERGING_TABLES.cvd[10]!];
    expect(minPairDistance(ends, DEUTAN)).toBeGreaterThan(100);
    expect(minPairDistance(ends, PROTAN)).toBeGreaterThan(100);
  });

  it('colours classes and regions from their tables, the default regions as before', () => {
    for (const p of PALETTES) {
      const t = CLASS_TABLES[p];
      for (const k of [0, 1, t.length - 1, t.length, -1, 25])
        expect(rgb((o) => classColour(k, o, 0, p))).toEqual([...t[((k % t.length) + t.length) % t.length]!]);
    }
    expect(rgb((o) => regionColour(0, o))).toEqual([70, 70, 70]);
    expect(rgb((o) => regionColour(0x3fff, o))).toEqual([230, 230, 230]);
    expect(regionHex(0x3fff | 0x4000)).toBe('#e6e6e6');
    expect(CVD_REGION_TABLE).toHaveLength(21);
    // Tone 1 is 40 % toward white, tone 2 30 % toward black (integer arithmetic).
    expect(CVD_REGION_TABLE[7]).toEqual([230 + 10, 159 + 38, 0 + 102]);
    expect(CVD_REGION_TABLE[14]).toEqual([230 - 69, 159 - 47, 0]);
    for (const id of [0, 20, 21, 1000, 0x3fff])
      expect(rgb((o) => regionColour(id, o, 0, 'cvd'))).toEqual([...CVD_REGION_TABLE[id % 21]!]);
    expect(regionHex(22, 'cvd')).toBe('#e6d1ff'.replace('e6d1ff', regionHexOf(CVD_REGION_TABLE[1]!)));
  });

  it('generates GLSL from the same tables', () => {
    for (const p of PALETTES) {
      const g = paletteGlsl(p);
      const classes = CLASS_TABLES[p];
      expect(g).toContain(`const vec3 CLASS_TABLE[${classes.length}]`);
      for (const c of classes) expect(g).toContain(`vec3(${c[0]}.0, ${c[1]}.0, ${c[2]}.0)`);
      for (const c of DIVERGING_TABLES[p]) expect(g).toContain(`vec3(${c[0]}.0, ${c[1]}.0, ${c[2]}.0)`);
      // The sequential polynomial's coefficients, read back from the source, are the table's.
      const body = g.slice(g.indexOf('vec3 sequential'), g.indexOf('const vec3 DIVERGING_TABLE'));
      const numbers = [...body.matchAll(/-?\d+\.\d+(?:e-?\d+)?/g)].map((m) => Number(m[0]));
      const expected = SEQUENTIAL_POLYNOMIALS[p].flat();
      expect(numbers.filter((x) => x !== 0 && x !== 1)).toEqual(expected.filter((x) => x !== 0 && x !== 1));
      expect(g.includes('REGION_TABLE')).toBe(p === 'cvd');
    }
  });
});

const regionHexOf = (c: readonly number[]) => c.map((v) => v.toString(16).padStart(2, '0')).join('');

describe('line widths', () => {
  it('rounds CSS widths to whole device pixels, scaled and reduced', () => {
    expect(linePixels(1.5)).toBe(2);
    expect(linePixels(1.5, 2)).toBe(3);
    expect(linePixels(1.5, 2, 2)).toBe(6);
    expect(linePixels(1.5, 2, 2, 4)).toBe(2);
    expect(linePixels(1.5, 1, 1, 8)).toBe(1);
    expect(linePixels(8, 3, 2)).toBe(8);
    expect(linePixels(Number.NaN)).toBe(1);
    expect(linePixels(-2)).toBe(1);
  });

  it('grows the neighbourhood of a crop by the line width, inside the image', () => {
    const crop = { x: 4, y: 4, width: 2, height: 2 };
    // Width 1: the column on the right and the row above only (as before).
    expect(neighbourRect(crop, 10)).toEqual({ x: 4, y: 3, width: 3, height: 3 });
    // Width 4: 2 columns left and rows below, 2 right and above.
    expect(neighbourRect(crop, 10, 10, 4)).toEqual({ x: 2, y: 2, width: 6, height: 6 });
    // Width 3: 1 left and below, 2 right and above; clipped by the image.
    expect(neighbourRect({ x: 0, y: 8, width: 2, height: 2 }, 3, 10, 3)).toEqual({
      x: 0,
      y: 6,
      width: 3,
      height: 4,
    });
  });

  it('draws a boundary between two regions exactly w pixels wide', () => {
    // A 16 x 3 image: columns 0-7 are one region, 8-15 another; count the darkened columns of a row.
    const W = 16;
    const H = 3;
    const n = W * H;
    const block: PixelBlock = {
      rect: { x: 0, y: 0, width: W, height: H },
      lo: new Uint32Array(n).map((_, p) => (p % W < 8 ? 1 : 2)),
      hi: new Uint32Array(n),
      output: new Float64Array(n),
      argmax: new Int32Array(n),
      gradient: new Float64Array(n),
      probe: new Uint8Array(n),
    };
    for (let w = 1; w <= 6; w++) {
      const plan: ColourPlan = {
        kind: 'regions',
        hashNeurons: 1,
        output: 0,
        probe: -1,
        gradient: false,
        boundaries: true,
        range: 1,
        palette: 'default',
        lineWidth: w,
      };
      const rgba = new Uint8Array(4 * n);
      colourPixels(block, plan, W, block.rect, rgba);
      const plain = [rgb((o) => regionColour(1, o)), rgb((o) => regionColour(2, o))];
      const dark: number[] = [];
      for (let i = 0; i < W; i++) {
        const c = [rgba[4 * (W + i)]!, rgba[4 * (W + i) + 1]!, rgba[4 * (W + i) + 2]!];
        if (!near(c, plain[i < 8 ? 0 : 1]!, 0)) dark.push(i);
      }
      // Columns 8 - ceil(w/2) .. 7 + floor(w/2): w of them, about the edge between 7 and 8.
      const first = 8 - ((w + 1) >> 1);
      expect(dark, `width ${w}`).toEqual(Array.from({ length: w }, (_, k) => first + k));
    }
  });
});
