/**
 * Plane slices and tiny windows. A slice of a many-input network must give the same regions as the
 * 2-input network obtained by composing the plane map into the first layer; with integer weights and
 * integer plane points both are compared with the exact rational truth. Windows a million times smaller
 * than the network's scale (2^-20 of it) must give the scaled picture exactly.
 */
import { describe, expect, it } from 'vitest';
import { patternHash } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Layer, Network } from '../../src/engine/model.ts';
import { type Plane, planeMap, type Window } from '../../src/engine/plane.ts';
import { type Enumeration, enumerateRegions } from '../../src/engine/regions.ts';
import { checkEnumeration } from './lib/checks.ts';
import { compareWithExact } from './lib/compare.ts';
import { linesNet, makeNet, randomSmallNet } from './lib/nets.ts';

function enumerate(net: Network, w: Window): Enumeration {
  const e = enumerateRegions(net, w);
  if (typeof e === 'string') throw new Error(e);
  return e;
}

/** The 2-input network f(p0 + s (p1 - p0) + t (p2 - p0)): the plane map composed into the first layer. */
function composed(net: Network, plane: Plane): Network {
  const map = planeMap(net.inputDim, plane);
  if (typeof map === 'string') throw new Error(map);
  const L = net.layers[0]!;
  const weights = new Float64Array(2 * L.outDim);
  const bias = new Float64Array(L.outDim);
  for (let j = 0; j < L.outDim; j++) {
    let ws = 0;
    let wt = 0;
    let b = L.bias[j]!;
    for (let i = 0; i < L.inDim; i++) {
      const w = L.weights[j * L.inDim + i]!;
      ws += w * map.ds[i]!;
      wt += w * map.dt[i]!;
      b += w * map.origin[i]!;
    }
    weights[2 * j] = ws;
    weights[2 * j + 1] = wt;
    bias[j] = b;
  }
  const first: Layer = { ...L, inDim: 2, weights, bias };
  return { inputDim: 2, layers: [first, ...net.layers.slice(1)] };
}

function sameRegions(a: Enumeration, b: Enumeration, areaScale = 1): void {
  expect({ regions: a.regions.length, vertices: a.vertices, edges: a.edges }).toEqual({
    regions: b.regions.length,
    vertices: b.vertices,
    edges: b.edges,
  });
  const areas = new Map(b.regions.map((r) => [patternHash(r.pattern), r.area]));
  for (const r of a.regions) {
    const other = areas.get(patternHash(r.pattern));
    expect(other, 'pattern missing from the other enumeration').toBeDefined();
    expect(Math.abs(r.area - other! * areaScale)).toBeLessThanOrEqual(1e-9 * (r.area + 1e-12 * areaScale));
  }
}

describe('plane slices', () => {
  it('a slice of a 3-input He network equals the composed 2-input network', () => {
    const net = initNetwork({ widths: [3, 16, 16, 1], activation: 'relu', seed: 21 });
    const plane: Plane = [
      [0.1, -0.2, 0.3],
      [1.1, 0.5, -0.2],
      [-0.3, 1.2, 0.8],
    ];
    const w: Window = { x0: -2, x1: 2, y0: -1.5, y1: 2.5, plane };
    const e = enumerate(net, w);
    checkEnumeration(net, w, e);
    sameRegions(e, enumerate(composed(net, plane), { x0: -2, x1: 2, y0: -1.5, y1: 2.5 }));
  });

  it('a slice of a 5-input network with hardtanh and leaky_relu layers', () => {
    const net = initNetwork({ widths: [5, 12, 12, 2], activation: ['hardtanh', 'leaky_relu'], seed: 22 });
    const plane: Plane = [
      [0, 0, 0, 0, 0],
      [1, 0.5, 0, -0.5, 0.25],
      [0, 1, 1, 0, -1],
    ];
    const w: Window = { x0: -3, x1: 3, y0: -3, y1: 3, plane };
    const e = enumerate(net, w);
    checkEnumeration(net, w, e);
    sameRegions(e, enumerate(composed(net, plane), { x0: -3, x1: 3, y0: -3, y1: 3 }));
  });

  for (let k = 0; k < 12; k++) {
    it(`integer 3-input network ${k} on an integer plane: both equal the exact truth`, () => {
      const net = randomSmallNet(7000 + k, 'int', k % 2 === 1, 3);
      const plane: Plane = [
        [k % 3, -1, 0],
        [1 + (k % 3), 0, -1],
        [0, 1, 2],
      ];
      const w: Window = { x0: -2, x1: 2, y0: -1, y1: 3, plane };
      const e = enumerate(net, w);
      compareWithExact(net, w, e, `sliced ${k}`);
      const flat = composed(net, plane);
      const wf = { x0: -2, x1: 2, y0: -1, y1: 3 };
      compareWithExact(flat, wf, enumerate(flat, wf), `composed ${k}`);
    });
  }
});

describe('windows a million times smaller than the network', () => {
  for (let k = 0; k < 10; k++) {
    it(`network ${k} with inputs scaled by 2^20 on a window scaled by 2^-20`, () => {
      const net = randomSmallNet(8000 + k, k % 2 === 0 ? 'int' : 'float', k % 3 === 0);
      const L = net.layers[0]!;
      const scaled: Network = {
        inputDim: 2,
        layers: [{ ...L, weights: L.weights.map((v) => v * 2 ** 20) }, ...net.layers.slice(1)],
      };
      const w = { x0: -3, x1: 2.5, y0: -2, y1: 3 };
      const tiny = { x0: w.x0 * 2 ** -20, x1: w.x1 * 2 ** -20, y0: w.y0 * 2 ** -20, y1: w.y1 * 2 ** -20 };
      const big = enumerate(net, w);
      const small = enumerate(scaled, tiny);
      checkEnumeration(scaled, tiny, small);
      sameRegions(small, big, 2 ** -40);
      compareWithExact(scaled, tiny, small, `tiny ${k}`);
    });
  }

  // 3x - 1, 7y - 1, 21x + 21y - 10 and 21x - 21y - 4 all vanish at (1/3, 1/7), exactly; the point itself is
  // not a float64, so the window's corners sit at irregular offsets from it.
  const concurrent = linesNet([
    [3, 0, -1],
    [0, 7, -1],
    [21, 21, -10],
    [21, -21, -4],
  ]);
  const around = (h: number) => ({
    x0: 1 / 3 - 0.4 * h,
    x1: 1 / 3 + 0.6 * h,
    y0: 1 / 7 - 0.55 * h,
    y1: 1 / 7 + 0.45 * h,
  });
  for (const h of [1, 1e-3, 1e-5, 1e-6, 1e-7, 1e-9]) {
    it(`4 lines concurrent at (1/3, 1/7) on a window ${h} wide around it: 8 regions`, () => {
      const w = around(h);
      const e = enumerate(concurrent, w);
      compareWithExact(concurrent, w, e, `concurrent h=${h}`);
      expect(e.regions.length).toBe(8);
      checkEnumeration(concurrent, w, e);
    });
  }

  for (const [cx, cy] of [
    [0, -1],
    [0, -1000],
    [0.5, -1],
  ] as const) {
    it(`3 lines concurrent at (${cx}, ${cy}) on a window 1e-6 wide: 6 regions`, () => {
      // x + y + 1 = 0, -x + y + 1 = 0 and x = 0 all pass through (0, -1); shifted to (cx, cy).
      const lines: Array<[number, number, number]> = [
        [1, 1, 1],
        [-1, 1, 1],
        [1, 0, 0],
      ].map(([a, b, c]) => [a!, b!, c! - a! * cx - b! * (cy + 1)]);
      const net = linesNet(lines);
      const h = 1e-6;
      const w = {
        x0: cx - 0.371390676 * h,
        x1: cx + 0.628609324 * h,
        y0: cy - 0.582094217 * h,
        y1: cy + 0.417905783 * h,
      };
      const e = enumerate(net, w);
      expect(e.regions.length).toBe(6);
      compareWithExact(net, w, e, `3 concurrent at (${cx}, ${cy})`);
      checkEnumeration(net, w, e);
    });
  }

  it('the same 4 lines and a deep layer on a window 1e-6 wide', () => {
    const net = makeNet(2, [
      {
        weights: [
          [3, 0],
          [0, 7],
          [21, 21],
          [21, -21],
        ],
        bias: [-1, -1, -10, -4],
        activation: 'relu',
      },
      {
        weights: [
          [1, -1, 0, 0],
          [0, 0, 1, -2],
        ],
        bias: [0, 0],
        activation: 'relu',
      },
      { weights: [[1, 1]], bias: [0], activation: 'linear' },
    ]);
    const w = around(1e-6);
    const e = enumerate(net, w);
    compareWithExact(net, w, e, 'concurrent deep');
    checkEnumeration(net, w, e);
  });

  it('a window of width 1e-6 far from the origin (at 1000, -2000)', () => {
    const net = makeNet(2, [
      {
        weights: [
          [1, 0],
          [0, 1],
          [1, 1],
          [1, -1],
        ],
        bias: [-1000, 2000, 1000, -3000],
        activation: 'relu',
      },
      { weights: [[1, 2, 3, 4]], bias: [0], activation: 'linear' },
    ]);
    const w = { x0: 1000 - 3e-7, x1: 1000 + 7e-7, y0: -2000 - 6e-7, y1: -2000 + 4e-7 };
    const e = enumerate(net, w);
    expect(e.regions.length).toBe(8);
    compareWithExact(net, w, e, 'far');
    checkEnumeration(net, w, e);
  });

  for (let k = 0; k < 8; k++) {
    it(`He network ${k}: a window 1e-6 wide around a vertex where bent deep lines meet`, () => {
      const net = initNetwork({
        widths: [2, 8, 8, 8, 1],
        activation: k % 2 === 0 ? 'relu' : 'leaky_relu',
        seed: 40 + k,
      });
      const full = enumerate(net, { x0: -2, x1: 2, y0: -2, y1: 2 });
      // The vertex nearest to a fixed point, among those not on the window's boundary.
      let best: [number, number] = [0, 0];
      let bestD = Number.POSITIVE_INFINITY;
      for (const r of full.regions) {
        for (let i = 0; i < r.polygon.length; i += 2) {
          const s = r.polygon[i]!;
          const t = r.polygon[i + 1]!;
          if (Math.abs(Math.abs(s) - 2) < 1e-9 || Math.abs(Math.abs(t) - 2) < 1e-9) continue;
          const d = Math.hypot(s - 0.3, t - 0.2);
          if (d < bestD) {
            bestD = d;
            best = [s, t];
          }
        }
      }
      const h = 1e-6;
      const w = {
        x0: best[0] - 0.45 * h,
        x1: best[0] + 0.55 * h,
        y0: best[1] - 0.52 * h,
        y1: best[1] + 0.48 * h,
      };
      const e = enumerate(net, w);
      expect(e.regions.length).toBeGreaterThanOrEqual(3);
      compareWithExact(net, w, e, `He tiny ${k}`);
      checkEnumeration(net, w, e);
    });
  }
});
