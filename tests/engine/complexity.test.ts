/**
 * Local complexity against independent truths: for one layer, the Euclidean distance from a point to each
 * neuron's line; for deep networks, the local linear piece of every neuron rebuilt by evaluating the network
 * with its activation pattern frozen at three points (no tangents), and the count from those distances.
 */
import { describe, expect, it } from 'vitest';
import { pieceOf, stateOf, thresholds } from '../../src/engine/activations.ts';
import {
  localComplexityAt,
  localComplexityGrid,
  meanLocalComplexityAtPoints,
  meanLocalComplexityOverView,
  neuronDistancesAt,
} from '../../src/engine/complexity.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { Rng } from '../../src/engine/rng.ts';

const mapOf = (dim: number, plane?: [number[], number[], number[]]): PlaneMap => {
  const m = planeMap(dim, plane);
  if (typeof m === 'string') throw new Error(m);
  return m;
};

/**
 * Pre-activations of every neuron at input x, with the states of `frozen` (the pattern taken at another
 * point) instead of x's own, or x's own when `frozen` is null; the pattern is written to `pattern`.
 */
function frozenPreactivations(
  net: Network,
  x: number[],
  frozen: number[] | null,
  pattern: number[],
): number[] {
  const zs: number[] = [];
  let h = x;
  const piece = new Float64Array(2);
  let k = 0;
  for (const L of net.layers) {
    const next: number[] = [];
    for (let j = 0; j < L.outDim; j++) {
      let z = L.bias[j]!;
      for (let i = 0; i < L.inDim; i++) z += L.weights[j * L.inDim + i]! * h[i]!;
      const s = frozen ? frozen[k]! : stateOf(L.activation, z);
      pattern[k] = s;
      pieceOf(L.activation, s, L.alpha[j]!, piece);
      next.push(piece[0]! * z + piece[1]!);
      zs.push(z);
      k++;
    }
    h = next;
  }
  return zs;
}

/** Distances (plane units) of every non-linear neuron's local zero set from (s, t), by frozen patterns. */
function truthDistances(net: Network, map: PlaneMap, s: number, t: number): number[] {
  const at = (a: number, b: number) => Array.from(map.origin, (o, i) => o + a * map.ds[i]! + b * map.dt[i]!);
  const pattern: number[] = [];
  const z0 = frozenPreactivations(net, at(s, t), null, pattern);
  const zs = frozenPreactivations(net, at(s + 1, t), pattern, []);
  const zt = frozenPreactivations(net, at(s, t + 1), pattern, []);
  const out: number[] = [];
  let k = 0;
  for (const L of net.layers) {
    for (let j = 0; j < L.outDim; j++, k++) {
      const cs = thresholds(L.activation);
      if (cs.length === 0) continue;
      const g = Math.hypot(zs[k]! - z0[k]!, zt[k]! - z0[k]!);
      const m = Math.min(...cs.map((c) => Math.abs(z0[k]! - c)));
      out.push(m / g);
    }
  }
  return out;
}

describe('local complexity', () => {
  it('gives the distance from a point to each neuron line of a one-layer network', () => {
    const net = initNetwork({ widths: [2, 6, 1], activation: 'relu', seed: 3 });
    const L = net.layers[0]!;
    const rng = new Rng(9);
    for (let n = 0; n < 20; n++) {
      const s = rng.uniform(-2, 2);
      const t = rng.uniform(-2, 2);
      const got: number[] = [];
      neuronDistancesAt(net, mapOf(2), s, t, (m, g) => got.push(m / g));
      expect(got.length).toBe(6);
      for (let j = 0; j < 6; j++) {
        const a = L.weights[2 * j]!;
        const b = L.weights[2 * j + 1]!;
        const line = Math.abs(a * s + b * t + L.bias[j]!) / Math.hypot(a, b);
        expect(got[j]).toBeCloseTo(line, 12);
      }
    }
  });

  for (const act of ['relu', 'leaky_relu', 'abs', 'hardtanh'] as const) {
    it(`matches the frozen-pattern linear pieces of a 2-8-8-8-1 ${act} network and a 5-input slice`, () => {
      const cases: [Network, PlaneMap][] = [
        [initNetwork({ widths: [2, 8, 8, 8, 1], activation: act, seed: 11 }), mapOf(2)],
        [
          initNetwork({ widths: [5, 8, 8, 1], activation: act, seed: 12 }),
          mapOf(5, [
            [0.1, 0, 0.3, 0, -0.2],
            [1, 0.5, 0, 0, 0],
            [0, 0, 1, 0.2, 0.4],
          ]),
        ],
      ];
      const rng = new Rng(5);
      for (const [net, map] of cases) {
        let checked = 0;
        for (let n = 0; n < 40; n++) {
          const s = rng.uniform(-2, 2);
          const t = rng.uniform(-2, 2);
          const want = truthDistances(net, map, s, t);
          const got: number[] = [];
          neuronDistancesAt(net, map, s, t, (m, g) => got.push(m / g));
          expect(got.length).toBe(want.length);
          for (let k = 0; k < want.length; k++) {
            if (Number.isFinite(want[k]!)) expect(got[k]! / want[k]!).toBeCloseTo(1, 8);
            else expect(got[k]).toBe(want[k]);
          }
          for (const r of [0.05, 0.3, 1]) {
            const count = want.filter((d) => d <= r).length;
            expect(localComplexityAt(net, map, s, t, r)).toBe(count);
          }
          checked++;
        }
        expect(checked).toBe(40);
      }
    });
  }

  it('grids and means agree with the point count', () => {
    const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 2 });
    const map = mapOf(2);
    const view = { x0: -2, x1: 2, y0: -1, y1: 1 };
    const g = localComplexityGrid(net, map, view, 8, 4, 0.2);
    // Pixel (3, 1): s = -2 + 3.5 * 0.5, t = 1 - 1.5 * 0.5.
    expect(g[1 * 8 + 3]).toBe(localComplexityAt(net, map, -0.25, 0.25, 0.2));
    const mean = meanLocalComplexityOverView(net, map, view, 0.2, 8);
    const big = localComplexityGrid(net, map, view, 8, 8, 0.2);
    expect(mean).toBe(big.reduce((a, b) => a + b, 0) / 64);
    expect(meanLocalComplexityAtPoints(net, map, [0, 1], [0, -0.5], 0.2)).toBe(
      (localComplexityAt(net, map, 0, 0, 0.2) + localComplexityAt(net, map, 1, -0.5, 0.2)) / 2,
    );
    expect(meanLocalComplexityAtPoints(net, map, [], [], 0.2)).toBeNaN();
    // A radius of 0 counts only neurons exactly at a threshold; a huge one counts every neuron.
    expect(localComplexityAt(net, map, 0.123, 0.456, 0)).toBe(0);
    expect(localComplexityAt(net, map, 0.123, 0.456, 1e9)).toBe(16);
  });
});
