/**
 * Degenerate arrangements with hand-derived counts: concurrent, duplicated, opposite, zero, dead and
 * always-on neurons; parallel lines; lines along the window's edges and through its corners; deep neurons
 * that repeat or vanish; the sawtooth network with exactly 4^L regions on the unit square.
 */
import { describe, expect, it } from 'vitest';
import { planeMap, type Window } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { segmentPieces } from '../../src/engine/segment.ts';
import { checkEnumeration, checkGridSampling } from './lib/checks.ts';
import { compareWithExact } from './lib/compare.ts';
import { linesNet, makeNet, sawtooth } from './lib/nets.ts';

function enumerate(net: Parameters<typeof enumerateRegions>[0], w: Window) {
  const e = enumerateRegions(net, w);
  if (typeof e === 'string') throw new Error(e);
  checkEnumeration(net, w, e);
  return e;
}

describe('concurrent lines with duplicates, a zero neuron and a dead one', () => {
  for (const [px, py] of [
    [0, 0],
    [0.25, -0.5],
  ] as const) {
    it(`4 distinct lines through (${px}, ${py}) make 8 regions, 13 vertices, 20 edges`, () => {
      const through = (a: number, b: number): [number, number, number] => [a, b, -a * px - b * py];
      const net = linesNet([
        through(1, 0),
        through(0, 1),
        through(1, 1),
        through(1, -1),
        through(2, 0), // duplicate of x = px, same side
        through(-1, 0), // the same line, the other side
        through(0, -3), // duplicate of y = py, the other side
        through(-2, 2), // duplicate of the diagonal
        [0, 0, 0], // zero neuron: z == 0 everywhere, "off"
        [1, 1, -100], // dead on the window
        [0, 0, 5], // constant, always on
      ]);
      const w = { x0: px - 1, x1: px + 2, y0: py - 1.25, y1: py + 1.5 };
      const e = enumerate(net, w);
      expect({ regions: e.regions.length, vertices: e.vertices, edges: e.edges }).toEqual({
        regions: 8,
        vertices: 13,
        edges: 20,
      });
      for (const r of e.regions) expect([r.pattern[8], r.pattern[9], r.pattern[10]]).toEqual([0, 0, 1]);
      compareWithExact(net, w, e);
      checkGridSampling(net, w, e, 200);
    });
  }
});

describe('parallel lines', () => {
  it('3 parallel lines and one crossing them all make 8 regions', () => {
    const net = linesNet([
      [1, 2, 0],
      [1, 2, -1],
      [-2, -4, -1],
      [1, -1, 0.1],
    ]);
    const w = { x0: -3, x1: 3, y0: -2, y1: 2 };
    const e = enumerate(net, w);
    expect(e.regions.length).toBe(8);
    compareWithExact(net, w, e);
  });

  it('a 3 x 2 grid of lines (with duplicates and one outside the window) makes 12 regions', () => {
    const net = linesNet([
      [1, 0, 1],
      [2, 0, 0],
      [-1, 0, 1],
      [-3, 0, 3], // duplicate of x = 1
      [1, 0, -5], // x = 5: outside
      [0, 1, 0.5],
      [0, -3, 1.5],
      [0, 0.5, 0.25], // duplicate of y = -0.5
    ]);
    const w = { x0: -2, x1: 2, y0: -1, y1: 1 };
    const e = enumerate(net, w);
    expect({ regions: e.regions.length, vertices: e.vertices, edges: e.edges }).toEqual({
      regions: 12,
      vertices: 20,
      edges: 31,
    });
    compareWithExact(net, w, e);
  });

  it('lines along the window edges split nothing; a diagonal through two corners splits it in 2', () => {
    const net = linesNet([
      [1, 0, 1], // x = -1: the left edge
      [0, 1, -1], // y = 1: the top edge
      [1, 1, 0], // through the corners (-1, 1) and (1, -1)
      [1, 0, 3], // x = -3: outside
    ]);
    const w = { x0: -1, x1: 1, y0: -1, y1: 1 };
    const e = enumerate(net, w);
    expect({ regions: e.regions.length, vertices: e.vertices, edges: e.edges }).toEqual({
      regions: 2,
      vertices: 4,
      edges: 5,
    });
  });
});

describe('deep degeneracies', () => {
  it('repeated, vanishing and coinciding deep neurons: 7 regions', () => {
    // Layer 1: h1 = relu(x), h2 = relu(-x) (the same line), h3 = relu(y): 4 quadrants.
    // Layer 2: relu(h1) repeats x = 0; -h1 is never on; h1 - h2 = x lies on x = 0; h1 + h3 - 1 splits
    // the quadrants x>0,y>0 (by x + y = 1), x>0,y<0 (by x = 1) and x<0,y>0 (by y = 1): 4 + 3 = 7.
    const net = makeNet(2, [
      {
        weights: [
          [1, 0],
          [-1, 0],
          [0, 1],
        ],
        bias: [0, 0, 0],
        activation: 'relu',
      },
      {
        weights: [
          [1, 0, 0],
          [-1, 0, 0],
          [1, -1, 0],
          [1, 0, 1],
        ],
        bias: [0, 0, 0, -1],
        activation: 'relu',
      },
      { weights: [[1, 1, 1, 1]], bias: [0], activation: 'linear' },
    ]);
    const w = { x0: -2, x1: 2.5, y0: -2.25, y1: 2 };
    const e = enumerate(net, w);
    expect(e.regions.length).toBe(7);
    compareWithExact(net, w, e);
  });
});

describe('no splits and bottlenecks', () => {
  it('a network without non-linear layers has one region: the window', () => {
    const net = makeNet(2, [
      {
        weights: [
          [1, 2],
          [3, 4],
        ],
        bias: [0, 1],
        activation: 'linear',
      },
      { weights: [[1, -1]], bias: [0], activation: 'linear' },
    ]);
    const w = { x0: -1, x1: 1, y0: -1, y1: 1 };
    const e = enumerate(net, w);
    expect({ regions: e.regions.length, vertices: e.vertices, edges: e.edges }).toEqual({
      regions: 1,
      vertices: 4,
      edges: 4,
    });
    expect(Array.from(e.regions[0]!.jacobian)).toEqual([-2, -2]);
  });

  it('a width-1 relu bottleneck: every deep line is a level set of one relu, parallel to x + y = c', () => {
    // h = relu(x + y); then relu(h - 0.5), relu(h - 1), relu(1.5 - h): lines x + y = 0, 0.5, 1, 1.5.
    const net = makeNet(2, [
      { weights: [[1, 1]], bias: [0], activation: 'relu' },
      { weights: [[1], [1], [-1]], bias: [-0.5, -1, 1.5], activation: 'relu' },
      { weights: [[1, 1, 1]], bias: [0], activation: 'linear' },
    ]);
    const w = { x0: -2, x1: 2, y0: -2, y1: 2 };
    const e = enumerate(net, w);
    expect(e.regions.length).toBe(5);
    compareWithExact(net, w, e);
  });
});

describe('sawtooth: 4^L regions on the unit square', () => {
  for (let L = 1; L <= 6; L++) {
    it(`depth ${L}: ${4 ** L} regions, ${(2 ** L + 1) ** 2} vertices, ${2 * 2 ** L * (2 ** L + 1)} edges`, () => {
      const net = sawtooth(L, 2);
      const w = { x0: 0, x1: 1, y0: 0, y1: 1 };
      const e = enumerate(net, w);
      const n = 2 ** L;
      expect({ regions: e.regions.length, vertices: e.vertices, edges: e.edges }).toEqual({
        regions: n * n,
        vertices: (n + 1) * (n + 1),
        edges: 2 * n * (n + 1),
      });
      for (const r of e.regions) expect(r.area).toBeCloseTo(1 / (n * n), 14);
      if (L <= 3) compareWithExact(net, w, e);
    });
  }

  it('the abs version (tent T(x) = 1 - |2x - 1|) also has 4^L regions, for L = 1..5', () => {
    for (let L = 1; L <= 5; L++) {
      const layers = [];
      for (let l = 0; l < L; l++) {
        const weights =
          l === 0
            ? [
                [2, 0],
                [0, 2],
              ]
            : [
                [-2, 0],
                [0, -2],
              ];
        layers.push({ weights, bias: l === 0 ? [-1, -1] : [1, 1], activation: 'abs' as const });
      }
      layers.push({ weights: [[-1, -1]], bias: [2], activation: 'linear' as const });
      const net = makeNet(2, layers);
      const e = enumerate(net, { x0: 0, x1: 1, y0: 0, y1: 1 });
      expect(e.regions.length).toBe(4 ** L);
    }
  });

  it('one input: depth L has 2^L pieces on [0, 1], breakpoints k / 2^L', () => {
    const map = planeMap(1, undefined);
    if (typeof map === 'string') throw new Error(map);
    for (let L = 1; L <= 8; L++) {
      const pieces = segmentPieces(sawtooth(L, 1), map, [0, 0], [1, 0]);
      expect(pieces.length).toBe(2 ** L);
      pieces.forEach((p, k) => {
        expect(p.u0).toBeCloseTo(k / 2 ** L, 13);
        expect(p.u1).toBeCloseTo((k + 1) / 2 ** L, 13);
        // The tent map's slope along the segment is +-2^L.
        expect(Math.abs(p.slope[0]!)).toBeCloseTo(2 ** L, 6);
      });
    }
  });
});

describe('1-D breakpoints: simultaneous switches count once, touching is no breakpoint', () => {
  it('relu(x), relu(-x), relu(2x), then relu(-|x|) and relu(|x| - 1/2) on [-1, 1]: t = 1/4, 1/2, 3/4', () => {
    const net = makeNet(1, [
      { weights: [[1], [-1], [2]], bias: [0, 0, 0], activation: 'relu' },
      {
        weights: [
          [-1, -1, 0],
          [1, 1, 0],
        ],
        bias: [0, -0.5],
        activation: 'relu',
      },
      { weights: [[1, 1]], bias: [0], activation: 'linear' },
    ]);
    const map = planeMap(1, undefined);
    if (typeof map === 'string') throw new Error(map);
    const pieces = segmentPieces(net, map, [-1, 0], [1, 0]);
    expect(pieces.slice(1).map((p) => p.u0)).toEqual([0.25, 0.5, 0.75]);
    // relu(-|x|) touches 0 at x = 0 but is off on both sides.
    expect(pieces.map((p) => p.pattern[3])).toEqual([0, 0, 0, 0]);
    expect(pieces.map((p) => Array.from(p.pattern).join(''))).toEqual([
      '010010',
      '010000',
      '101000',
      '101010',
    ]);
  });
});
