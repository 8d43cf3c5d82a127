/**
 * Tile parts and their merge (src/engine/regionMerge.ts): the merged count, areas, statistics, disc count and
 * graph equal the single pass's (src/engine/regionAnalysis.ts) on random networks, deep ones, degenerate ones
 * (integer weights: concurrent, parallel, repeated and dead neurons; lines along the tile borders) and for
 * several numbers of tiles; parts of different jobs, missing and repeated tiles are refused.
 */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import type { Window } from '../../src/engine/plane.ts';
import {
  analyseRegions,
  type Disc,
  type RegionAnalysis,
  windowScale,
} from '../../src/engine/regionAnalysis.ts';
import { makePart, mergeParts, type Part, tileGrid } from '../../src/engine/regionMerge.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { makeNet, randomSmallNet } from './lib/nets.ts';

function single(net: Network, w: Window, disc: Disc): RegionAnalysis {
  const e = enumerateRegions(net, w);
  if (typeof e === 'string') throw new Error(e);
  return analyseRegions(
    e.regions,
    windowScale(w),
    disc,
    e.regions.map((r) => r.area),
  );
}

function parts(net: Network, w: Window, n: number, disc: Disc | null): Part[] {
  const out: Part[] = [];
  for (let i = 0; i < n; i++) {
    const p = makePart(net, w, i, n, disc);
    if (typeof p === 'string') throw new Error(p);
    // Through JSON, as the files are.
    out.push(JSON.parse(JSON.stringify(p)) as Part);
  }
  return out;
}

function expectSame(a: RegionAnalysis, b: RegionAnalysis, w: Window, what: string): void {
  const scale = windowScale(w);
  expect(b.keys.length, what).toBe(a.keys.length);
  const at = new Map(b.keys.map((k, i) => [k, i]));
  for (let k = 0; k < a.keys.length; k++) {
    const j = at.get(a.keys[k]!);
    expect(j, `${what}: region ${k} is in the merge`).toBeDefined();
    const s = a.stats[k]!;
    const t = b.stats[j!]!;
    expect(Math.abs(s.area - t.area), what).toBeLessThan(1e-12 * scale * scale);
    expect(Math.abs(s.perimeter - t.perimeter), what).toBeLessThan(1e-9 * scale);
    expect(Math.abs(s.inradius - t.inradius), what).toBeLessThan(1e-9 * scale);
    expect(Math.abs(s.eccentricity - t.eccentricity), what).toBeLessThan(1e-6);
    expect(t.vertices, `${what}: corners of region ${k}`).toBe(s.vertices);
    expect(b.meetsDisc![j!], what).toBe(a.meetsDisc![k]);
  }
  const edges = (x: RegionAnalysis) =>
    new Map(
      x.edges.map((e) => [
        [x.keys[e.a], x.keys[e.b]].sort().join('|'),
        { neurons: e.neurons.join(','), length: e.length },
      ]),
    );
  const ea = edges(a);
  const eb = edges(b);
  expect(eb.size, `${what}: graph edges`).toBe(ea.size);
  for (const [pair, e] of ea) {
    const f = eb.get(pair);
    expect(f, `${what}: edge ${pair}`).toBeDefined();
    expect(f!.neurons).toBe(e.neurons);
    expect(Math.abs(f!.length - e.length)).toBeLessThan(1e-9 * scale);
  }
}

function check(net: Network, w: Window, ns: readonly number[], disc: Disc, what: string): number {
  const a = single(net, w, disc);
  for (const n of ns) {
    const ps = parts(net, w, n, disc);
    const m = mergeParts(
      ps.reverse(),
      ps.map((p) => `part-${p.tile}.json`),
    );
    if (typeof m === 'string') throw new Error(m);
    expectSame(a, m.analysis, w, `${what}, ${n} tiles`);
    const total = (w.x1 - w.x0) * (w.y1 - w.y0);
    expect(m.area / total).toBeCloseTo(1, 12);
  }
  return a.keys.length;
}

describe('tileGrid', () => {
  it('picks the most square grid with cols >= rows', () => {
    expect(tileGrid(1)).toEqual([1, 1]);
    expect(tileGrid(4)).toEqual([2, 2]);
    expect(tileGrid(6)).toEqual([3, 2]);
    expect(tileGrid(7)).toEqual([7, 1]);
    expect(tileGrid(12)).toEqual([4, 3]);
    expect(tileGrid(16)).toEqual([4, 4]);
  });
});

describe('merged tiles equal the single pass', () => {
  const disc = { x: 0.31, y: -0.27, r: 0.9 };
  it('on random networks, shallow and deep (2-16x4)', () => {
    let regions = 0;
    regions += check(
      initNetwork({ widths: [2, 16, 16, 1], activation: 'relu', seed: 1 }),
      { x0: -2, x1: 2, y0: -2, y1: 2 },
      [2, 4, 7, 9],
      disc,
      '2-16-16-1',
    );
    regions += check(
      initNetwork({ widths: [2, 16, 16, 16, 16, 1], activation: 'relu', seed: 2 }),
      { x0: -1.7, x1: 2.3, y0: -2.1, y1: 1.4 },
      [3, 6, 16],
      disc,
      '2-16x4-1',
    );
    regions += check(
      initNetwork({ widths: [2, 8, 8, 8, 1], activation: ['leaky_relu', 'abs', 'hardtanh'], seed: 3 }),
      { x0: -3, x1: 3, y0: -3, y1: 3 },
      [2, 5, 8],
      disc,
      'mixed activations',
    );
    expect(regions).toBeGreaterThan(1500);
  });

  it('on degenerate networks: integer weights, repeated, parallel and dead neurons, lines on tile borders', () => {
    // x = 0 and y = 0 are the inner borders of 2, 4 and 16 tiles of this window; a repeated neuron, a parallel
    // one, a dead one (never positive) and a bent second layer that follows x = 0 for y > 0.
    const net = makeNet(2, [
      {
        weights: [
          [1, 0],
          [0, 1],
          [2, 0],
          [1, 0],
          [0, 0],
          [1, 1],
          [1, -1],
        ],
        bias: [0, 0, 0, 0.5, -1, 0.25, 0],
        activation: 'relu',
      },
      {
        weights: [
          [1, 1, 0, 0, 0, 0, -1],
          [1, -1, 1, 0, 0, 1, 0],
          [0, 0, 0, 1, 0, -1, 1],
        ],
        bias: [-0.5, 0, 0.25],
        activation: 'relu',
      },
      { weights: [[1, 2, 3]], bias: [0], activation: 'linear' },
    ]);
    const w = { x0: -2, x1: 2, y0: -2, y1: 2 };
    expect(check(net, w, [2, 3, 4, 16], disc, 'lines on borders')).toBeGreaterThan(10);
    for (let s = 0; s < 8; s++) {
      const kind = s % 2 === 0 ? 'int' : 'half';
      check(
        randomSmallNet(300 + s, kind, s % 4 < 2),
        { x0: -3, x1: 3, y0: -3, y1: 3 },
        [2, 4, 6],
        disc,
        `${kind} ${s}`,
      );
    }
  });
});

describe('mergeParts refuses', () => {
  const net = initNetwork({ widths: [2, 6, 1], activation: 'relu', seed: 5 });
  const w = { x0: -1, x1: 1, y0: -1, y1: 1 };
  const ps = parts(net, w, 4, null);
  const names = ['a.json', 'b.json', 'c.json', 'd.json'];
  it('parts of another model, window, disc or tiling', () => {
    const other = parts(initNetwork({ widths: [2, 6, 1], activation: 'relu', seed: 6 }), w, 4, null);
    expect(mergeParts([ps[0]!, other[1]!, ps[2]!, ps[3]!], names)).toMatch(/^b\.json is of another model/);
    const wider = parts(net, { x0: -1, x1: 2, y0: -1, y1: 1 }, 4, null);
    expect(mergeParts([ps[0]!, ps[1]!, wider[2]!, ps[3]!], names)).toMatch(/^c\.json is of another window/);
    const withDisc = parts(net, w, 4, { x: 0, y: 0, r: 1 });
    expect(mergeParts([ps[0]!, ps[1]!, ps[2]!, withDisc[3]!], names)).toMatch(/^d\.json has another --disc/);
    const six = parts(net, w, 6, null);
    expect(mergeParts([ps[0]!, six[1]!], names)).toMatch(/^b\.json is tile 1\/6, a\.json one of 4 tiles/);
  });

  it('missing and repeated tiles', () => {
    expect(mergeParts([ps[0]!, ps[2]!], names)).toBe('2 of 4 tiles missing: 1, 3');
    expect(mergeParts([ps[0]!, ps[1]!, ps[1]!, ps[3]!], names)).toBe(
      'tile 1/4 is given twice (b.json and c.json)',
    );
    expect(mergeParts([], [])).toBe('no part files to merge');
  });

  it('nothing when all tiles are there, and one tile is the single pass', () => {
    const m = mergeParts(ps, names);
    if (typeof m === 'string') throw new Error(m);
    const e = enumerateRegions(net, w);
    if (typeof e === 'string') throw new Error(e);
    expect(m.analysis.keys.length).toBe(e.count);
    expect(m.pieces).toBeGreaterThan(e.count);
    const one = mergeParts(parts(net, w, 1, null), ['only.json']);
    if (typeof one === 'string') throw new Error(one);
    expect(one.pieces).toBe(e.count);
  });
});
