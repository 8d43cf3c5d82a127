/**
 * Exact 1-D decisions: the pieces of a network along a segment against the rational pieces
 * (tests/engine/lib/segment-truth.ts) on segments 1e-14 to 1e12 long, centred at the origin and at points up
 * to 1e6 away, through points where many zero sets meet, and on weights up to 1e300. The patterns of the
 * pieces, in order, must equal the truth, and every breakpoint must be the exact one rounded.
 * `EXACT_SCALES=N` adds N more random networks per group (`npm run fuzz:exact`).
 */
import { describe, expect, it } from 'vitest';
import { ratioToNumber } from '../../src/engine/exact-segment.ts';
import type { Network } from '../../src/engine/model.ts';
import { planeMap, pointAt } from '../../src/engine/plane.ts';
import { Rng } from '../../src/engine/rng.ts';
import { segmentPieces, segmentPiecesLimited } from '../../src/engine/segment.ts';
import { makeNet, randomSmallNet } from './lib/nets.ts';
import { toNumber } from './lib/rational.ts';
import { exactSegmentPieces } from './lib/segment-truth.ts';

const EXTRA = Number(process.env.EXACT_SCALES ?? 0);
const KINDS = ['int', 'half', 'float'] as const;
const LENGTHS = [1e-14, 1e-11, 1e-8, 1e-5, 1e-2, 1, 1e3, 1e6, 1e9, 1e12];

/** Assert the engine's pieces along from → to equal the rational truth; returns the number of pieces. */
function agree(net: Network, from: [number, number], to: [number, number], label: string): number {
  const map = planeMap(net.inputDim, undefined);
  if (typeof map === 'string') throw new Error(map);
  const X0 = pointAt(map, from[0], from[1], new Float64Array(net.inputDim));
  const X1 = pointAt(map, to[0], to[1], new Float64Array(net.inputDim));
  const truth = exactSegmentPieces(net, X0, X1);
  const pieces = segmentPieces(net, map, from, to);
  expect(
    pieces.map((p) => Array.from(p.pattern).join('')),
    label,
  ).toEqual(truth.map((p) => p.pattern.join('')));
  for (const [i, p] of pieces.entries()) {
    const want = toNumber(truth[i]!.u0);
    // The float64 end is the exact one up to the error bound of its estimate (the parameter lies in [0, 1]).
    expect(Math.abs(p.u0 - want), `${label} piece ${i}`).toBeLessThanOrEqual(1e-8);
    if (i > 0) expect(p.u0, `${label} order`).toBeGreaterThanOrEqual(pieces[i - 1]!.u0);
  }
  return pieces.length;
}

/** The segment of length h through (cx, cy), off-centre and in a direction with no small-integer slope. */
function through(cx: number, cy: number, h: number): [[number, number], [number, number]] {
  const dx = 0.8191520443;
  const dy = 0.5735764364;
  return [
    [cx - 0.371390676 * h * dx, cy - 0.371390676 * h * dy],
    [cx + 0.628609324 * h * dx, cy + 0.628609324 * h * dy],
  ];
}

/** `net` (two inputs) with every first-layer zero set through c: biases set so that z_j(c) = 0 in float64. */
function concurrentAt(net: Network, c: readonly [number, number]): Network {
  const L = net.layers[0]!;
  const bias = L.bias.map((_, j) => -(L.weights[2 * j]! * c[0] + L.weights[2 * j + 1]! * c[1]));
  return { ...net, layers: [{ ...L, bias }, ...net.layers.slice(1)] };
}

/** `net` with its first layer's weights and biases multiplied by s (every later pre-activation scales too). */
function scaled(net: Network, s: number): Network {
  const L = net.layers[0]!;
  return {
    ...net,
    layers: [
      { ...L, weights: L.weights.map((w) => w * s), bias: L.bias.map((b) => b * s) },
      ...net.layers.slice(1),
    ],
  };
}

describe('segments 1e-14 to 1e12 long through a point where every first-layer zero set meets', () => {
  const rng = new Rng(91);
  for (let k = 0; k < 12 + EXTRA; k++) {
    const d = k < 4 ? 0 : 10 ** rng.uniform(0, 6);
    const a = rng.uniform(0, 2 * Math.PI);
    const c: [number, number] = [d * Math.cos(a), d * Math.sin(a)];
    it(`network ${k} about (${c[0].toPrecision(4)}, ${c[1].toPrecision(4)})`, () => {
      const net = concurrentAt(randomSmallNet(41_000 + k, KINDS[k % 3]!, k % 2 === 1), c);
      // A segment must be longer than a few float64 steps at its centre.
      const step = 64 * Number.EPSILON * Math.max(Math.abs(c[0]), Math.abs(c[1]));
      for (const h of LENGTHS) {
        if (h > step) {
          const [from, to] = through(c[0], c[1], h);
          agree(net, from, to, `network ${k}, length ${h}`);
        }
      }
    });
  }
});

describe('one-input networks on intervals 1e-14 to 1e12 long', () => {
  for (let k = 0; k < 12 + EXTRA; k++) {
    it(`network ${k}`, () => {
      const net = randomSmallNet(42_000 + k, KINDS[k % 3]!, k % 2 === 0, 1);
      const L = net.layers[0]!;
      // Centre on a first-layer breakpoint when there is one, else near the origin.
      const j = L.weights.findIndex((w) => w !== 0);
      const c = j >= 0 ? -L.bias[j]! / L.weights[j]! : 0.1234;
      for (const h of LENGTHS) {
        agree(net, [c - 0.371390676 * h, 0], [c + 0.628609324 * h, 0], `network ${k}, length ${h}`);
      }
    });
  }
});

describe('weights up to 1e300', () => {
  for (let k = 0; k < 10 + EXTRA; k++) {
    it(`network ${k}`, () => {
      const base = randomSmallNet(43_000 + k, KINDS[k % 3]!, k % 2 === 1);
      for (const s of [1e50, 1e150, 1e300]) {
        agree(scaled(base, s), [-3, -2], [3, 2.5], `network ${k}, scale ${s}`);
      }
    });
  }

  it('refuses a segment whose inputs overflow float64, with a message', () => {
    const net = makeNet(1, [
      { weights: [[1]], bias: [0], activation: 'relu' },
      { weights: [[1]], bias: [0], activation: 'linear' },
    ]);
    const map = planeMap(1, undefined);
    if (typeof map === 'string') throw new Error(map);
    expect(() => segmentPieces(net, map, [-Number.MAX_VALUE, 0], [Number.POSITIVE_INFINITY, 0])).toThrow(
      /overflow float64/,
    );
  });
});

describe('crossings closer than the float64 filter can separate', () => {
  it('two zero sets 2^-45 apart are two breakpoints (the closed form: three pieces)', () => {
    const d = 2 ** -45;
    const net = makeNet(1, [
      { weights: [[1], [1]], bias: [-1, -(1 + d)], activation: 'relu' },
      { weights: [[1, 2]], bias: [0], activation: 'linear' },
    ]);
    const map = planeMap(1, undefined);
    if (typeof map === 'string') throw new Error(map);
    const pieces = segmentPieces(net, map, [0, 0], [2, 0]);
    expect(pieces.map((p) => Array.from(p.pattern).join(''))).toEqual(['000', '100', '110']);
    expect(pieces[1]!.u0).toBe(0.5);
    expect(pieces[2]!.u0).toBe(0.5 + d / 2);
    // The slopes are those of the pieces: 0, then 1, then 3 per unit of x (2 per unit of u, times 1 and 3).
    expect(Array.from(pieces, (p) => p.slope[0])).toEqual([0, 2, 6]);
  });

  it('n zero sets through one point are one breakpoint, however many', () => {
    // Lines a_k x + b_k y = a_k + b_k all pass through (1, 1); the segment crosses it at u = 1/2.
    const lines = Array.from({ length: 12 }, (_, k) => [k + 1, 7 - 3 * k] as const);
    const net = makeNet(2, [
      { weights: lines.map(([a, b]) => [a, b]), bias: lines.map(([a, b]) => -(a + b)), activation: 'relu' },
      { weights: [lines.map((_, k) => k + 1)], bias: [0], activation: 'linear' },
    ]);
    // Powers of two keep the segment's ends exact, so it passes exactly through (1, 1) (one line, 10 x - 20 y
    // + 10, contains it and never changes sign).
    for (const h of [2 ** -1, 2 ** -27, 2 ** -46]) {
      const from: [number, number] = [1 - 2 * h, 1 - h];
      const to: [number, number] = [1 + 2 * h, 1 + h];
      const n = agree(net, from, to, `length ${h}`);
      expect(n, `length ${h}`).toBe(2);
    }
  });

  it('a capped run stops at the same exact pieces', () => {
    const net = concurrentAt(randomSmallNet(44_000, 'int', false), [1e6, -3e5]);
    const map = planeMap(2, undefined);
    if (typeof map === 'string') throw new Error(map);
    const [from, to] = through(1e6, -3e5, 1e-8);
    const all = segmentPieces(net, map, from, to);
    const some = segmentPiecesLimited(net, map, from, to, net.layers.length, { maxPieces: 1 });
    expect(some.pieces.map((p) => Array.from(p.pattern).join(''))).toEqual(
      all.slice(0, 1).map((p) => Array.from(p.pattern).join('')),
    );
    expect(some.complete).toBe(all.length === 1);
  });
});

describe('ratioToNumber', () => {
  it('rounds p / q to float64 within an ulp at any size', () => {
    expect(ratioToNumber(1n, 3n)).toBeCloseTo(1 / 3, 15);
    expect(ratioToNumber(-7n, 2n)).toBe(-3.5);
    expect(ratioToNumber(0n, 5n)).toBe(0);
    const big = 10n ** 400n;
    expect(ratioToNumber(big, 3n * big)).toBeCloseTo(1 / 3, 15);
    expect(ratioToNumber(1n, 10n ** 300n)).toBeCloseTo(1e-300, 310);
  });
});
