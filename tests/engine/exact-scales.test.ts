/**
 * Exact at every scale: the engine against the rational enumeration (tests/engine/lib/exact.ts) on windows
 * 1e-14 to 1e12 wide (and nested windows up to 1e300), centred at the origin and at points up to 1e6 away,
 * and on weights up to 1e300. Region count, set of patterns, vertices and edges must equal the truth; nested
 * windows give non-decreasing counts; what float64 cannot represent is refused with a message.
 * `EXACT_SCALES=N` adds N more random networks per group (`npm run fuzz:exact`).
 */
import { describe, expect, it } from 'vitest';
import type { Network } from '../../src/engine/model.ts';
import type { Window } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { Rng } from '../../src/engine/rng.ts';
import { mapOf } from './lib/checks.ts';
import { exactRegions } from './lib/exact.ts';
import { linesNet, randomSmallNet } from './lib/nets.ts';
import { fromDouble } from './lib/rational.ts';
import { subdivisionCounts } from './lib/subdivision.ts';

const EXTRA = Number(process.env.EXACT_SCALES ?? 0);

/**
 * Assert that the engine's regions on `w` are the exact ones (count and patterns; with `graph`, also the
 * vertex and edge counts, whose exact computation is slow on huge coordinates); returns the count.
 */
function agree(net: Network, w: Window, label: string, graph = true): number {
  const e = enumerateRegions(net, w);
  if (typeof e === 'string') throw new Error(`${label}: ${e}`);
  const truth = exactRegions(net, w, mapOf(net, w));
  const counts = graph
    ? subdivisionCounts(
        truth.map((r) => r.polygon),
        { x0: fromDouble(w.x0), x1: fromDouble(w.x1), y0: fromDouble(w.y0), y1: fromDouble(w.y1) },
      )
    : { vertices: e.vertices, edges: e.edges };
  const got = e.regions.map((r) => Array.from(r.pattern).join('')).sort();
  const want = truth.map((r) => r.pattern.join('')).sort();
  expect({ patterns: got, vertices: e.vertices, edges: e.edges }, label).toEqual({
    patterns: want,
    ...counts,
  });
  expect(e.vertices - e.edges + e.count, `${label} Euler`).toBe(1);
  return e.count;
}

/** A window of width h around (cx, cy), placed off-centre so that lines through the centre miss its corners. */
function around(cx: number, cy: number, h: number): Window {
  return {
    x0: cx - 0.371390676 * h,
    x1: cx + 0.628609324 * h,
    y0: cy - 0.582094217 * h,
    y1: cy + 0.417905783 * h,
  };
}

/** `net` moved so that its first layer sees x - c: lines through the origin pass (nearly) through c. */
function movedTo(net: Network, c: readonly [number, number]): Network {
  const L = net.layers[0]!;
  const bias = L.bias.map((b, j) => b - L.weights[2 * j]! * c[0] - L.weights[2 * j + 1]! * c[1]);
  return { ...net, layers: [{ ...L, bias }, ...net.layers.slice(1)] };
}

/** A random small network whose first-layer lines all pass through the origin (zero biases). */
function concurrentNet(seed: number, kind: 'int' | 'half' | 'float'): Network {
  const net = randomSmallNet(seed, kind, seed % 3 === 2);
  const L = net.layers[0]!;
  return { ...net, layers: [{ ...L, bias: L.bias.map(() => 0) }, ...net.layers.slice(1)] };
}

const KINDS = ['int', 'half', 'float'] as const;
const WIDTHS = [1e-14, 1e-11, 1e-8, 1e-5, 1e-2, 1, 1e3, 1e6, 1e9, 1e12];

describe('nested windows about the origin, 1e-14 to 1e300 wide', () => {
  for (let k = 0; k < 8 + EXTRA; k++) {
    it(`network ${k}: counts equal the rational truth and never decrease`, () => {
      const net =
        k % 2 === 0
          ? concurrentNet(30_000 + k, KINDS[k % 3]!)
          : randomSmallNet(30_000 + k, KINDS[k % 3]!, k % 3 === 2);
      let last = 0;
      for (const h of [...WIDTHS, 1e50, 1e150, 1e300]) {
        const n = agree(net, around(0, 0, h), `network ${k}, width ${h}`, h <= 1e3 || h === 1e300);
        expect(n, `width ${h}`).toBeGreaterThanOrEqual(last);
        last = n;
      }
    });
  }
});

describe('windows 1e-14 to 1e12 wide centred at points up to 1e6 away', () => {
  const rng = new Rng(77);
  for (let k = 0; k < 8 + EXTRA; k++) {
    const d = 10 ** rng.uniform(0, 6);
    const a = rng.uniform(0, 2 * Math.PI);
    const c: [number, number] = [d * Math.cos(a), d * Math.sin(a)];
    it(`network ${k} around (${c[0].toPrecision(4)}, ${c[1].toPrecision(4)})`, () => {
      const net = movedTo(concurrentNet(31_000 + k, KINDS[k % 3]!), c);
      // A window must be wider than a few float64 steps at its centre.
      const step = 64 * Number.EPSILON * Math.max(Math.abs(c[0]), Math.abs(c[1]));
      for (const h of WIDTHS) {
        if (h > step) agree(net, around(c[0], c[1], h), `network ${k}, width ${h}`, h <= 1e3);
      }
    });
  }
});

describe('four lines through (1, 1)', () => {
  it('give 8 regions in windows 1e-6 to 1e-14 wide', () => {
    const net = linesNet([
      [1, 2, -3],
      [3, -1, -2],
      [-2, 5, -3],
      [7, 3, -10],
    ]);
    for (const h of [1e-6, 1e-11, 1e-12, 1e-13, 1e-14]) {
      const w = { x0: 1 - h / 2, x1: 1 + h / 2, y0: 1 - h / 2, y1: 1 + h / 2 };
      const e = enumerateRegions(net, w);
      if (typeof e === 'string') throw new Error(e);
      expect(e.count, `width ${h}`).toBe(8);
      agree(net, w, `width ${h}`);
    }
  });
});

describe('weights up to 1e300', () => {
  for (let k = 0; k < 8 + EXTRA; k++) {
    const scale = 10 ** [300, -300, 150, 100, 1e-3, 200, 250, 50][k % 8]!;
    it(`network ${k}: first layer times ${scale}`, () => {
      const base = randomSmallNet(32_000 + k, KINDS[k % 3]!, false);
      const L = base.layers[0]!;
      // Later layers multiply the magnitudes: keep two layers only when the product stays representable.
      const layers =
        Math.abs(Math.log10(scale)) > 150
          ? [base.layers[0]!, base.layers[base.layers.length - 1]!]
          : base.layers;
      const out = layers[layers.length - 1]!;
      const net: Network = {
        inputDim: 2,
        layers: [
          { ...L, weights: L.weights.map((w) => w * scale), bias: L.bias.map((b) => b * scale) },
          ...layers.slice(1, -1),
          layers.length === 2
            ? { ...out, inDim: L.outDim, weights: new Float64Array(L.outDim).fill(1) }
            : out,
        ],
      };
      for (const h of [1e-6, 1, 1e3]) agree(net, around(0.25, -0.5, h), `network ${k}, width ${h}`);
    });
  }

  it('two layers of 1e150 compose to 1e300 and stay exact', () => {
    const base = concurrentNet(33_001, 'int');
    const net: Network = {
      ...base,
      layers: base.layers.map((L, l) =>
        l < 2 ? { ...L, weights: L.weights.map((w) => w * 1e150), bias: L.bias.map((b) => b * 1e150) } : L,
      ),
    };
    for (const h of [1e-9, 1]) agree(net, around(0, 0, h), `width ${h}`);
  });
});

describe('what float64 cannot represent is refused', () => {
  it('names the overflow', () => {
    const net = randomSmallNet(34_000, 'float', false);
    const e = enumerateRegions(net, { x0: -1.7e308, x1: 1.7e308, y0: -1e308, y1: 1e308 });
    expect(typeof e).toBe('string');
    expect(e as string).toMatch(/overflow/);
    const big: Network = {
      ...net,
      layers: net.layers.map((L) => ({ ...L, weights: L.weights.map((w) => w * 1e200) })),
    };
    const e2 = enumerateRegions(big, { x0: -1, x1: 1, y0: -1, y1: 1 });
    if (big.layers.length > 2) expect(e2 as string).toMatch(/overflow float64/);
  });
});
