/**
 * The double-double composition of the per-face maps (src/engine/face-maps-dd.ts):
 * - its error against exact rational arithmetic (BigInt over powers of two) stays within the tolerance the
 *   enumeration gives it, where float64's error on the same composition is many orders of magnitude larger;
 * - both compositions enumerate the very same regions on deep networks of every activation, and no region
 *   holds a sign change of any neuron;
 * - the automatic choice takes double-double where float64's band is wide, and float64 elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { pieceOf } from '../../src/engine/activations.ts';
import { doubleDoubleTolerance } from '../../src/engine/dd-choice.ts';
import { dyadic } from '../../src/engine/exact-forms.ts';
import { affineLayer, prepareLayer, STRIDE } from '../../src/engine/face-maps.ts';
import { affineLayerDD } from '../../src/engine/face-maps-dd.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { mapOf } from './lib/checks.ts';
import { signViolations } from './lib/sign-check.ts';

/** An exact rational n / 2^k (k >= 0 shared by the caller's numbers), from a float64. */
const K = 2000;
function exact(x: number): bigint {
  const [m, e] = dyadic(x);
  return m === 0n ? 0n : e + K >= 0 ? m << BigInt(e + K) : m >> BigInt(-(e + K));
}
/** |a - b| / 2^K as a float64 (a and b exact integers over 2^K). */
function gap(a: bigint, b: bigint): number {
  const d = a > b ? a - b : b - a;
  return Number(d >> BigInt(K - 1000)) / 2 ** 1000;
}

/**
 * Compose the network's maps through one fixed pattern (every neuron's state given by `states`), once in
 * float64, once in double-double and once exactly (BigInt), for input maps h0 (u, v and constant per input).
 * Returns, for every neuron of the last layer, the errors of float64 and of double-double, and m.
 */
function compose(net: Network, states: (l: number, j: number) => number) {
  const S = STRIDE;
  const n0 = net.inputDim;
  const h0 = new Float64Array(S * n0);
  const ex0: bigint[][] = [];
  for (let i = 0; i < n0; i++) {
    const c = [0.37 + i, -1.13 * (i + 1), 0.5 - i / 3];
    h0.set(c, S * i);
    h0[S * i + 3] = Math.abs(c[0]!) + Math.abs(c[1]!) + Math.abs(c[2]!);
    ex0.push(c.map(exact));
  }
  let hf = h0.slice();
  let hd = h0.slice();
  let he = ex0;
  const piece = new Float64Array(2);
  let zf = hf;
  let zd = hd;
  let ze = he;
  for (let l = 0; l < net.layers.length; l++) {
    const L = net.layers[l]!;
    const P = prepareLayer(L);
    zf = new Float64Array(S * L.outDim);
    zd = new Float64Array(S * L.outDim);
    affineLayer(P, hf, zf, 0);
    affineLayerDD(P, hd, zd, 0);
    ze = [];
    for (let j = 0; j < L.outDim; j++) {
      const row = [0n, 0n, exact(L.bias[j]!)];
      for (let i = 0; i < L.inDim; i++) {
        const w = exact(L.weights[j * L.inDim + i]!);
        for (let c = 0; c < 3; c++) row[c] = row[c]! + ((w * he[i]![c]!) >> BigInt(K));
      }
      ze.push(row);
    }
    if (l + 1 === net.layers.length) break;
    const nf = new Float64Array(S * L.outDim);
    const nd = new Float64Array(S * L.outDim);
    const ne: bigint[][] = [];
    for (let j = 0; j < L.outDim; j++) {
      pieceOf(L.activation, states(l, j), L.alpha[j]!, piece);
      const [slope, b] = [piece[0]!, piece[1]!];
      if (slope !== 0 && slope !== 1 && slope !== -1) throw new Error('the test takes slopes 0 and +-1');
      for (let c = 0; c < 3; c++) {
        nf[S * j + c] = slope * zf[S * j + c]! + (c === 2 ? b : 0);
        nd[S * j + c] = slope * zd[S * j + c]! + (c === 2 ? b : 0);
        nd[S * j + c + 4] = slope * zd[S * j + c + 4]!;
      }
      nf[S * j + 3] = Math.abs(slope) * zf[S * j + 3]! + Math.abs(b);
      nd[S * j + 3] = Math.abs(slope) * zd[S * j + 3]! + Math.abs(b);
      ne.push(ze[j]!.map((x, c) => BigInt(slope) * x + (c === 2 ? exact(b) : 0n)));
    }
    hf = nf;
    hd = nd;
    he = ne;
  }
  const out: Array<{ errFloat: number; errDD: number; m: number; scale: number }> = [];
  for (let j = 0; j < ze.length; j++) {
    let errFloat = 0;
    let errDD = 0;
    for (let c = 0; c < 3; c++) {
      errFloat = Math.max(errFloat, gap(exact(zf[STRIDE * j + c]!), ze[j]![c]!));
      errDD = Math.max(errDD, gap(exact(zd[STRIDE * j + c]!) + exact(zd[STRIDE * j + c + 4]!), ze[j]![c]!));
    }
    const scale = Math.abs(zd[STRIDE * j]!) + Math.abs(zd[STRIDE * j + 1]!) + Math.abs(zd[STRIDE * j + 2]!);
    out.push({ errFloat, errDD, m: zd[STRIDE * j + 3]!, scale });
  }
  return out;
}

describe('double-double composition against exact arithmetic', () => {
  it('keeps every coefficient of a 2 -> 32 x 12 ReLU net within its tolerance, where float64 is far off', () => {
    // K = 2000 bits below the binary point hold every product of this depth exactly.
    const net = initNetwork({ widths: [2, ...Array(12).fill(32), 1], activation: 'relu', seed: 5 });
    const tol = doubleDoubleTolerance(net);
    const res = compose(net, (l, j) => ((l * 7 + j * 13) % 3 === 0 ? 0 : 1));
    let worstDD = 0;
    let worstFloat = 0;
    for (const r of res) {
      expect(r.errDD).toBeLessThanOrEqual(tol * r.m);
      worstDD = Math.max(worstDD, r.errDD / r.scale);
      worstFloat = Math.max(worstFloat, r.errFloat / r.scale);
    }
    console.log(`largest error per unit of the maps' size: float64 ${worstFloat}, double-double ${worstDD}`);
    // Relative to the maps' own size, float64 errs by about eps; double-double by about eps^2.
    expect(worstFloat).toBeGreaterThan(1e-17);
    expect(worstDD).toBeLessThan(1e-28);
  });

  it('keeps abs and hardtanh compositions (slopes -1 and 0 with constants) within tolerance', () => {
    for (const activation of ['abs', 'hardtanh'] as const) {
      const net = initNetwork({ widths: [2, ...Array(8).fill(24), 1], activation, seed: 2 });
      const tol = doubleDoubleTolerance(net);
      for (const r of compose(net, (l, j) => (l + 2 * j) % 3)) expect(r.errDD).toBeLessThanOrEqual(tol * r.m);
    }
  });
});

/** The regions of an enumeration as sorted pattern strings, with their total area. */
function regionKeys(net: Network, r: number, doubleDouble: boolean | undefined) {
  const w = { x0: -r, x1: r, y0: -r, y1: r };
  const e = enumerateRegions(net, w, { doubleDouble });
  if (typeof e === 'string') throw new Error(e);
  expect(e.complete).toBe(true);
  expect(e.doubleDouble).toBe(doubleDouble === true);
  const keys = e.regions.map((g) => g.pattern.join('')).sort();
  return { e, keys, w };
}

describe('both compositions enumerate the same regions', () => {
  const cases = [
    { activation: 'relu', widths: [2, ...Array(10).fill(16), 1], seed: 11, r: 4 },
    { activation: 'leaky_relu', widths: [2, ...Array(7).fill(16), 1], seed: 3, r: 3 },
    { activation: 'abs', widths: [2, ...Array(5).fill(10), 1], seed: 7, r: 2 },
    { activation: 'hardtanh', widths: [2, ...Array(6).fill(16), 1], seed: 4, r: 4 },
    { activation: 'prelu', widths: [2, 12, 12, 12, 12, 3], seed: 9, r: 3 },
  ] as const;
  for (const c of cases) {
    it(`${c.activation} 2 -> ${c.widths[1]} x ${c.widths.length - 2}, seed ${c.seed}`, () => {
      const net = initNetwork({ widths: [...c.widths], activation: c.activation, seed: c.seed });
      const f = regionKeys(net, c.r, false);
      const d = regionKeys(net, c.r, true);
      expect(d.e.regions.length).toBe(f.e.regions.length);
      expect(d.e.vertices).toBe(f.e.vertices);
      expect(d.e.edges).toBe(f.e.edges);
      expect(d.keys).toEqual(f.keys);
      expect(d.e.area).toBeCloseTo(4 * c.r * c.r, 9);
      const bad = signViolations(net, mapOf(net, d.w), d.e.regions);
      expect(bad.slice(0, 3), `${bad.length} regions hold a sign change`).toEqual([]);
    }, 30_000);
  }
});

describe('the automatic choice', () => {
  const he = (W: number, L: number) =>
    initNetwork({ widths: [2, ...Array(L).fill(W), 1], activation: 'relu', init: 'he', seed: 1 });
  const w = { x0: -1, x1: 1, y0: -1, y1: 1 };

  it('takes float64 with the bound m for shallow networks', () => {
    const s = enumerateRegions(he(32, 2), { x0: -4, x1: 4, y0: -4, y1: 4 });
    if (typeof s === 'string') throw new Error(s);
    expect(s.doubleDouble).toBe(false);
    expect(s.spectralBound).toBe(false);
  });

  it('takes float64 with the spectral bound where that keeps the band narrow', () => {
    // 2 -> 24 x 14 (He): the bound m reaches 1e-4 of the maps' size in the last layers, the spectral one
    // about 1e-7; both modes find the same regions.
    const deep = he(24, 14);
    const auto = enumerateRegions(deep, w);
    const dd = enumerateRegions(deep, w, { doubleDouble: true });
    if (typeof auto === 'string' || typeof dd === 'string') throw new Error('enumeration failed');
    expect(auto.doubleDouble).toBe(false);
    expect(auto.spectralBound).toBe(true);
    expect(auto.count).toBe(dd.count);
    expect(auto.vertices).toBe(dd.vertices);
    expect(auto.exactDecisions).toBeLessThan(20);
    const bad = signViolations(deep, mapOf(deep, w), auto.regions);
    expect(bad.slice(0, 3), `${bad.length} regions hold a sign change`).toEqual([]);
  }, 30_000);

  it('mixes precisions where even the spectral bound is wide', () => {
    // 2 -> 24 x 20: float64 with the spectral bound throughout needs hundreds of exact decisions; the first
    // layers in double-double narrow the band of the rest so that none is needed.
    const deep = he(24, 20);
    const auto = enumerateRegions(deep, w);
    const flt = enumerateRegions(deep, w, { doubleDouble: false });
    const dd = enumerateRegions(deep, w, { doubleDouble: true });
    if (typeof auto === 'string' || typeof flt === 'string' || typeof dd === 'string')
      throw new Error('failed');
    expect(auto.doubleDouble).toBe(false);
    expect(auto.spectralBound).toBe(true);
    expect(auto.doubleDoubleLayers).toBeGreaterThan(0);
    expect(auto.doubleDoubleLayers).toBeLessThan(deep.layers.length - 1);
    expect(flt.doubleDoubleLayers).toBe(0);
    expect(dd.doubleDoubleLayers).toBe(deep.layers.length);
    expect(flt.exactDecisions).toBeGreaterThan(100);
    expect(auto.exactDecisions).toBeLessThan(flt.exactDecisions / 10);
    for (const e of [auto, flt]) {
      expect(e.count).toBe(dd.count);
      expect(e.vertices).toBe(dd.vertices);
      expect(e.edges).toBe(dd.edges);
    }
  }, 30_000);
});

describe('mixed precision enumerates the regions of double-double', () => {
  const cases = [
    { activation: 'leaky_relu', width: 16, depth: 24, init: 'he', r: 0.25 },
    { activation: 'prelu', width: 12, depth: 20, init: 'he', r: 0.5 },
    { activation: 'hardtanh', width: 12, depth: 20, init: 'uniform', r: 0.25 },
  ] as const;
  for (const c of cases) {
    it(`${c.activation} 2 -> ${c.width} x ${c.depth} (${c.init})`, () => {
      const widths = [2, ...Array(c.depth).fill(c.width), 1];
      const net = initNetwork({ widths, activation: c.activation, init: c.init, seed: 3 });
      const m = regionKeys(net, c.r, undefined);
      const d = regionKeys(net, c.r, true);
      expect(m.e.doubleDoubleLayers, 'a mixed composition').toBeGreaterThan(0);
      expect(m.e.doubleDoubleLayers).toBeLessThan(net.layers.length - 1);
      expect(m.e.vertices).toBe(d.e.vertices);
      expect(m.e.edges).toBe(d.e.edges);
      expect(m.keys).toEqual(d.keys);
      const bad = signViolations(net, mapOf(net, m.w), m.e.regions);
      expect(bad.slice(0, 3), `${bad.length} regions hold a sign change`).toEqual([]);
    }, 30_000);
  }
});
