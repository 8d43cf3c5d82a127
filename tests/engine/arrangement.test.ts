/**
 * The one-hidden-layer fast path (src/engine/arrangement-regions.ts) against the general layer-wise
 * subdivision (enumerateRegions with forceSubdivision), the rational enumeration (tests/engine/lib/exact.ts)
 * and closed forms: random and degenerate line sets (integer weights in [-2, 2]: concurrent, parallel,
 * repeated, zero and dead neurons), lines in general position (1 + n + crossings inside the window), tiny
 * windows around concurrent points, a 2 -> 64 -> 1 network, the options, and the cases it leaves to the
 * general path.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/engine/activations.ts';
import { arrangementRegions } from '../../src/engine/arrangement-regions.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import type { Window } from '../../src/engine/plane.ts';
import { type Enumeration, enumerateRegions, type Region } from '../../src/engine/regions.ts';
import { Rng } from '../../src/engine/rng.ts';
import { areaSlack, checkEnumeration } from './lib/checks.ts';
import { compareWithExact } from './lib/compare.ts';
import { linesNet, randomSmallNet } from './lib/nets.ts';

type Line = [number, number, number];

function fast(net: Network, w: Window, opts = {}): Enumeration {
  const e = arrangementRegions(net, w, opts);
  if (e === null) throw new Error('the arrangement path did not apply');
  return e;
}

function general(net: Network, w: Window, opts = {}): Enumeration {
  const e = enumerateRegions(net, w, { ...opts, forceSubdivision: true });
  if (typeof e === 'string') throw new Error(e);
  return e;
}

const key = (r: Region) => Array.from(r.pattern).join(',');

/** The fast path equals the general one: counts, total area, the set of patterns and each region's area. */
function sameAsGeneral(net: Network, w: Window, label: string): Enumeration {
  const a = fast(net, w);
  const b = general(net, w);
  expect({ count: a.count, vertices: a.vertices, edges: a.edges, complete: a.complete }, label).toEqual({
    count: b.count,
    vertices: b.vertices,
    edges: b.edges,
    complete: true,
  });
  const size = (w.x1 - w.x0) * (w.y1 - w.y0);
  expect(Math.abs(a.area - b.area), `${label} area`).toBeLessThanOrEqual(1e-9 * size);
  const areas = new Map(b.regions.map((r) => [key(r), r.area]));
  const slack = new Map(b.regions.map((r) => [key(r), areaSlack(r.polygon, w)]));
  expect(areas.size, `${label} distinct patterns`).toBe(b.count);
  for (const r of a.regions) {
    const other = areas.get(key(r));
    expect(other, `${label} pattern ${key(r)}`).toBeDefined();
    // Beyond 1e-9 of the window, what rounding the vertices to float64 can cost (tiny windows far out).
    const tol = 1e-9 * size + areaSlack(r.polygon, w) + slack.get(key(r))!;
    expect(Math.abs(r.area - other!), `${label} area of ${key(r)}`).toBeLessThanOrEqual(tol);
  }
  return a;
}

function intLines(rng: Rng, n: number): Line[] {
  return Array.from({ length: n }, () => [rng.int(5) - 2, rng.int(5) - 2, rng.int(5) - 2] as Line);
}

const ACTS: ActivationName[] = ['relu', 'leaky_relu', 'abs', 'prelu', 'hardtanh'];

describe('degenerate line sets with integer weights in [-2, 2]', () => {
  const rng = new Rng(2026);
  for (let k = 0; k < 24; k++) {
    const n = 3 + rng.int(10);
    const lines = intLines(rng, n);
    const act = ACTS[k % ACTS.length]!;
    // Windows with sides on the lattice (lines along sides and through corners) and off it.
    const w: Window =
      k % 3 === 0
        ? { x0: -2, x1: 2, y0: -1, y1: 2 }
        : k % 3 === 1
          ? { x0: -1, x1: 1, y0: -1, y1: 1 }
          : { x0: -2.37, x1: 1.91, y0: -1.63, y1: 2.29 };
    it(`${n} ${act} lines, set ${k}: the general path's and the rational truth's regions`, () => {
      const net = linesNet(lines, act);
      const e = sameAsGeneral(net, w, `set ${k}`);
      compareWithExact(net, w, e, `set ${k}`);
      checkEnumeration(net, w, e, { seed: k });
    });
  }
});

describe('random small networks of one hidden layer', () => {
  const nets: Array<[number, Network]> = [];
  for (let seed = 1; nets.length < 12 && seed < 400; seed++) {
    const net = randomSmallNet(seed, (['int', 'half', 'float'] as const)[seed % 3]!, seed % 2 === 0);
    if (net.layers.length === 2 && arrangementRegions(net, { x0: -3, x1: 3, y0: -3, y1: 3 }, {}))
      nets.push([seed, net]);
  }
  it('finds twelve such networks', () => expect(nets.length).toBe(12));
  for (const [seed, net] of nets) {
    it(`seed ${seed}: equal to the general path and the rational truth`, () => {
      const w = { x0: -3, x1: 3, y0: -2.5, y1: 3.5 };
      const e = sameAsGeneral(net, w, `seed ${seed}`);
      compareWithExact(net, w, e, `seed ${seed}`);
    });
  }
});

describe('lines in general position: 1 + n + the crossings inside the window', () => {
  for (const n of [5, 20, 60]) {
    it(`${n} random lines through the window`, () => {
      const rng = new Rng(n);
      const w = { x0: -1, x1: 1, y0: -1, y1: 1 };
      const lines: Line[] = [];
      // Lines through two random points of the window: every one crosses it.
      while (lines.length < n) {
        const [px, py, qx, qy] = [
          rng.uniform(-1, 1),
          rng.uniform(-1, 1),
          rng.uniform(-1, 1),
          rng.uniform(-1, 1),
        ];
        lines.push([qy - py, px - qx, -(qy - py) * px - (px - qx) * py]);
      }
      let inside = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const [a1, b1, c1] = lines[i]!;
          const [a2, b2, c2] = lines[j]!;
          const d = a1 * b2 - a2 * b1;
          const x = (b1 * c2 - b2 * c1) / d;
          const y = (a2 * c1 - a1 * c2) / d;
          // Random lines: no crossing lies within 1e-9 of a side (else the closed form would be ambiguous).
          expect(Math.min(Math.abs(Math.abs(x) - 1), Math.abs(Math.abs(y) - 1))).toBeGreaterThan(1e-9);
          if (Math.abs(x) < 1 && Math.abs(y) < 1) inside++;
        }
      }
      const net = linesNet(lines);
      const e = sameAsGeneral(net, w, `${n} lines`);
      expect(e.count).toBe(1 + n + inside);
      // Vertices: the crossings, two per line on the boundary, the corners; edges by Euler.
      expect(e.vertices).toBe(inside + 2 * n + 4);
      expect(e.edges).toBe(e.vertices + e.count - 1);
    });
  }
});

describe('tiny windows around concurrent points', () => {
  it('four lines through (1, 1) give 8 regions in windows 1e-6 to 1e-14 wide', () => {
    const net = linesNet([
      [1, 2, -3],
      [3, -1, -2],
      [-2, 5, -3],
      [7, 3, -10],
    ]);
    for (const h of [1e-6, 1e-11, 1e-12, 1e-13, 1e-14]) {
      const w = { x0: 1 - 0.37 * h, x1: 1 + 0.63 * h, y0: 1 - 0.58 * h, y1: 1 + 0.42 * h };
      const e = sameAsGeneral(net, w, `width ${h}`);
      expect(e.count, `width ${h}`).toBe(8);
      compareWithExact(net, w, e, `width ${h}`);
    }
  });

  it('integer lines through one point, with repeats and windows whose corner is that point', () => {
    const net = linesNet([
      [1, 1, -2],
      [2, 2, -4], // the same line
      [1, -1, 0],
      [-1, 1, 0], // the same, the other side
      [1, 0, -1],
      [0, 2, -2],
      [0, 0, 1], // constant, on
      [0, 0, 0], // zero, off
    ]);
    for (const h of [1e-3, 1e-9, 1e-13]) {
      for (const w of [
        { x0: 1 - h, x1: 1 + 2 * h, y0: 1 - 2 * h, y1: 1 + h },
        { x0: 1, x1: 1 + h, y0: 1, y1: 1 + h },
        { x0: 1 - h, x1: 1, y0: 1 - 2 * h, y1: 1 },
      ]) {
        const e = sameAsGeneral(net, w, `width ${h}`);
        compareWithExact(net, w, e, `width ${h} at ${w.x0}`);
      }
    }
  });
});

describe('a 2 -> 64 -> 1 network', () => {
  it('gives the same regions as the general path, and maps agreeing to 1e-12', () => {
    const net = initNetwork({ widths: [2, 64, 1], activation: 'relu', seed: 7 });
    const w = { x0: -4, x1: 4, y0: -4, y1: 4 };
    const a = sameAsGeneral(net, w, '2-64-1');
    expect(a.count).toBeGreaterThan(1000);
    const b = general(net, w);
    const maps = new Map(b.regions.map((r) => [key(r), r]));
    for (const r of a.regions) {
      const o = maps.get(key(r))!;
      for (let k = 0; k < 2; k++) expect(Math.abs(r.jacobian[k]! - o.jacobian[k]!)).toBeLessThan(1e-12 * 64);
      expect(Math.abs(r.offset[0]! - o.offset[0]!)).toBeLessThan(1e-11 * 64);
    }
    checkEnumeration(net, w, a, { pointsPerRegion: 1 });
  });
});

describe('options', () => {
  const net = initNetwork({ widths: [2, 24, 3], activation: 'leaky_relu', seed: 3 });
  const w = { x0: -2, x1: 2, y0: -2, y1: 2 };

  it('onRegion receives every region, with arrays of its own', () => {
    const got: Region[] = [];
    const e = fast(net, w, { onRegion: (r: Region) => got.push(r) });
    expect(e.regions).toEqual([]);
    expect(got.length).toBe(e.count);
    expect(new Set(got.map(key))).toEqual(new Set(general(net, w).regions.map(key)));
    expect(got[1]!.pattern.buffer).not.toBe(got[0]!.pattern.buffer);
  });

  it('layers = 1 on a deeper network: the first layer partition, without maps', () => {
    const deep = initNetwork({ widths: [2, 16, 8, 1], activation: 'relu', seed: 4 });
    const a = fast(deep, w, { layers: 1 });
    const b = general(deep, w, { layers: 1 });
    expect([a.count, a.vertices, a.edges]).toEqual([b.count, b.vertices, b.edges]);
    expect(new Set(a.regions.map(key))).toEqual(new Set(b.regions.map(key)));
    expect(a.regions[0]!.jacobian.length).toBe(0);
    expect(enumerateRegions(deep, w)).toMatchObject({ complete: true });
  });

  it('shouldStop stops the walk with complete = false', () => {
    const big = initNetwork({ widths: [2, 80, 1], activation: 'relu', seed: 5 });
    let calls = 0;
    const e = fast(big, w, { shouldStop: () => ++calls > 1 });
    expect(e.complete).toBe(false);
    expect(e.regions).toEqual([]);
    expect(e.count).toBeLessThan(general(big, w).count);
  });

  it('enumerateRegions takes the fast path by default and agrees with forceSubdivision', () => {
    const e = enumerateRegions(net, w);
    if (typeof e === 'string') throw new Error(e);
    expect(e.count).toBe(fast(net, w).count);
    // Three outputs: every region's maps against the forward pass.
    checkEnumeration(net, w, e, { seed: 9 });
  });
});

describe('left to the general path', () => {
  const w = { x0: -1, x1: 1, y0: -1, y1: 1 };
  it('a plane, two hidden layers, a cap the arrangement could pass', () => {
    const one = initNetwork({ widths: [2, 8, 1], activation: 'relu', seed: 1 });
    expect(
      arrangementRegions(
        one,
        {
          ...w,
          plane: [
            [0, 0],
            [1, 0],
            [0, 1],
          ],
        },
        {},
      ),
    ).toBeNull();
    expect(
      arrangementRegions(initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 1 }), w, {}),
    ).toBeNull();
    expect(arrangementRegions(one, w, { maxRegions: 5 })).toBeNull();
    // The partition after two of three layers.
    const three = initNetwork({ widths: [2, 6, 6, 1], activation: 'relu', seed: 2 });
    expect(arrangementRegions(three, w, { layers: 2 })).toBeNull();
    expect(arrangementRegions(three, w, { layers: 1 })).not.toBeNull();
    const capped = enumerateRegions(one, w, { maxRegions: 2 });
    expect(capped).toMatchObject({ complete: false });
  });

  it('hardtanh thresholds float64 cannot apply exactly, and weights beyond 1e90', () => {
    const ht = linesNet(
      [
        [1, 0, 0.1],
        [0, 1, 0.3],
      ],
      'hardtanh',
    );
    expect(arrangementRegions(ht, w, {})).toBeNull();
    const e = enumerateRegions(ht, w);
    if (typeof e === 'string') throw new Error(e);
    compareWithExact(ht, w, e, 'hardtanh 0.1');
    const huge = linesNet([
      [1e200, 1, 0],
      [1, -1e200, 0],
    ]);
    expect(arrangementRegions(huge, w, {})).toBeNull();
    expect(enumerateRegions(huge, w)).toMatchObject({ count: 4 });
  });
});
