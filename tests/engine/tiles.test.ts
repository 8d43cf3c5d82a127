/**
 * Tiled exact enumeration (src/engine/tiles.ts): tiles cover the window exactly, and merging the tiles'
 * pieces by pattern hash gives the single-pass enumeration's regions (count, patterns and areas), on
 * closed-form networks and on seeded random ones.
 */
import { describe, expect, it } from 'vitest';
import { patternHash } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import type { Window } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import {
  balancedTiles,
  guidedTiles,
  mergeTiles,
  summariseTile,
  TileMerger,
  type TileSummary,
  tileWindow,
} from '../../src/engine/tiles.ts';
import { linesNet, makeNet, sawtooth } from './lib/nets.ts';

/** The largest tile's share of all the pieces (a proxy of its share of the work). */
function share(s: TileSummary[]): number {
  const n = s.map((x) => x.areas.length);
  return Math.max(...n) / n.reduce((a, b) => a + b, 0);
}

/** Each tile's summary (a failed tile fails the test). */
function summariseAll(net: Network, tiles: readonly Window[]): TileSummary[] {
  return tiles.map((t) => {
    const s = summariseTile(net, t);
    if (typeof s === 'string') throw new Error(s);
    return s;
  });
}

function tiled(net: Network, window: Window, cols: number, rows: number) {
  return mergeTiles(summariseAll(net, tileWindow(window, cols, rows)));
}

describe('tileWindow', () => {
  it('covers the window row by row with shared edges and the window own outer edges', () => {
    const w = { x0: -1.3, x1: 2.9, y0: -0.7, y1: 0.1 };
    const tiles = tileWindow(w, 3, 4);
    expect(tiles).toHaveLength(12);
    let area = 0;
    for (let j = 0; j < 4; j++) {
      for (let i = 0; i < 3; i++) {
        const t = tiles[j * 3 + i]!;
        expect(t.x0).toBeLessThan(t.x1);
        expect(t.y0).toBeLessThan(t.y1);
        if (i > 0) expect(t.x0).toBe(tiles[j * 3 + i - 1]!.x1);
        if (j > 0) expect(t.y0).toBe(tiles[(j - 1) * 3 + i]!.y1);
        if (i === 0) expect(t.x0).toBe(w.x0);
        if (i === 2) expect(t.x1).toBe(w.x1);
        if (j === 0) expect(t.y0).toBe(w.y0);
        if (j === 3) expect(t.y1).toBe(w.y1);
        area += (t.x1 - t.x0) * (t.y1 - t.y0);
      }
    }
    expect(area).toBeCloseTo((w.x1 - w.x0) * (w.y1 - w.y0), 12);
  });

  it('keeps the plane and treats counts below 1 as 1', () => {
    const plane = [
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
    ] as const;
    const w: Window = { x0: 0, x1: 1, y0: 0, y1: 1, plane: plane as unknown as Window['plane'] };
    const tiles = tileWindow(w, 0, -2);
    expect(tiles).toEqual([w]);
    expect(tileWindow(w, 2, 1).every((t) => t.plane === w.plane)).toBe(true);
  });
});

describe('mergeTiles', () => {
  it('merges the pieces of one line across a 2 x 2 tiling: 6 pieces, 2 regions of areas 0.3 and 0.7', () => {
    // relu(s - 0.3) on [0, 1]^2: the line s = 0.3 cuts the two left tiles only.
    const m = tiled(linesNet([[1, 0, -0.3]]), { x0: 0, x1: 1, y0: 0, y1: 1 }, 2, 2);
    expect(m.pieces).toBe(6);
    expect(m.count).toBe(2);
    expect(m.area).toBeCloseTo(1, 12);
    const areas = [...m.areaByHash.values()].sort((a, b) => a - b);
    expect(areas[0]).toBeCloseTo(0.3, 12);
    expect(areas[1]).toBeCloseTo(0.7, 12);
  });

  it('counts the 4^L regions of the 2-D sawtooth on the unit square whatever the tiling', () => {
    const net = sawtooth(3, 2);
    const unit = { x0: 0, x1: 1, y0: 0, y1: 1 };
    for (const [c, r] of [
      [1, 1],
      [2, 2],
      [3, 3],
      [5, 2],
    ] as const) {
      const m = tiled(net, unit, c, r);
      expect(m.count, `${c} x ${r} tiles`).toBe(64);
      expect(m.area).toBeCloseTo(1, 10);
    }
    // Tile edges at 1/3 and 2/3 cut regions (breakpoints are at k/8): more pieces than regions.
    expect(tiled(net, unit, 3, 3).pieces).toBeGreaterThan(64);
    // Tile edges at 1/2 are breakpoints: no region spans two tiles.
    expect(tiled(net, unit, 2, 2).pieces).toBe(64);
  });

  it('equals the single-pass enumeration (count, patterns, areas) on seeded random networks', () => {
    const cases = [
      { widths: [2, 8, 8, 1], seed: 3, window: { x0: -2, x1: 2, y0: -2, y1: 2 }, tiles: [3, 2] },
      { widths: [2, 16, 16, 16, 1], seed: 7, window: { x0: -3, x1: 3, y0: -3, y1: 3 }, tiles: [4, 4] },
      { widths: [2, 24, 24, 1], seed: 11, window: { x0: -1.5, x1: 2.5, y0: -3, y1: 1 }, tiles: [2, 5] },
    ];
    for (const c of cases) {
      const net = initNetwork({ widths: c.widths, activation: 'relu', seed: c.seed });
      const single = enumerateRegions(net, c.window);
      if (typeof single === 'string') throw new Error(single);
      const m = tiled(net, c.window, c.tiles[0]!, c.tiles[1]!);
      expect(m.count, `widths ${c.widths}`).toBe(single.count);
      expect(m.pieces).toBeGreaterThan(m.count);
      for (const r of single.regions) {
        const a = m.areaByHash.get(patternHash(r.pattern));
        expect(a, 'a region of the single pass is missing from the merge').toBeDefined();
        expect(Math.abs(a! - r.area)).toBeLessThanOrEqual(1e-9 * (1 + r.area));
      }
    }
  });
});

describe('TileMerger', () => {
  it('merges tiles as they arrive into what one merge of them all gives, growing past its first table', () => {
    // 12,000 distinct hashes (the fresh table holds 2,048), each in one to three of five tiles.
    let seed = 7;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const keys = Array.from({ length: 12000 }, () => [rand(), rand()] as const);
    const tiles: TileSummary[] = Array.from({ length: 5 }, () => ({
      hashes: new Uint32Array(0),
      areas: new Float64Array(0),
    }));
    const parts: number[][] = tiles.map(() => []);
    const want = new Map<string, number>();
    keys.forEach(([lo, hi], i) => {
      for (let c = 0; c <= i % 3; c++) {
        const t = (i + 2 * c) % 5;
        const a = 1 + ((i * 7 + c) % 13);
        parts[t]!.push(lo, hi, a);
        want.set(`${lo}:${hi}`, (want.get(`${lo}:${hi}`) ?? 0) + a);
      }
    });
    parts.forEach((p, t) => {
      tiles[t] = {
        hashes: Uint32Array.from(p.filter((_, k) => k % 3 !== 2)),
        areas: Float64Array.from(p.filter((_, k) => k % 3 === 2)),
      };
    });
    const m = new TileMerger();
    for (const t of tiles) m.add(t);
    const got = m.result();
    const once = mergeTiles(tiles);
    const pieces = tiles.reduce((n, t) => n + t.areas.length, 0);
    for (const r of [got, once]) {
      expect(r.count).toBe(12000);
      expect(r.pieces).toBe(pieces);
      expect(r.area).toBe([...want.values()].reduce((a, b) => a + b, 0));
      expect(r.areaByHash.size).toBe(12000);
      for (const [k, a] of r.areaByHash) {
        const key = `${Number(k & 0xffffffffn)}:${Number(k >> 32n)}`;
        expect(a, key).toBe(want.get(key));
      }
    }
  });
});

describe('guidedTiles', () => {
  it('partitions the window into six tiles per worker, largest first, merging to the single pass', () => {
    const net = initNetwork({ widths: [2, 24, 24, 24, 1], activation: 'relu', init: 'he', seed: 1 });
    const w = { x0: -4, x1: 4, y0: -3, y1: 5 };
    const single = enumerateRegions(net, w, { areasOnly: true });
    if (typeof single === 'string') throw new Error(single);
    for (const workers of [2, 3]) {
      const tiles = guidedTiles(net, w, workers);
      expect(tiles).toHaveLength(6 * workers);
      const area = tiles.reduce((s, t) => s + (t.x1 - t.x0) * (t.y1 - t.y0), 0);
      expect(area).toBeCloseTo(64, 9);
      const summaries = summariseAll(net, tiles);
      const merged = mergeTiles(summaries);
      expect(merged.count).toBe(single.count);
      expect(merged.area).toBeCloseTo(64, 9);
      // The first third (one share each) holds far more pieces per tile than the last (a quarter each).
      const n = summaries.map((s) => s.areas.length);
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      expect(mean(n.slice(0, 2 * workers))).toBeGreaterThan(2 * mean(n.slice(4 * workers)));
    }
    expect(guidedTiles(net, w, 1)).toEqual([w]);
  });

  it('splits by the shares alone, covering the window, when there is no hidden layer', () => {
    const net = makeNet(2, [{ weights: [[1, -2]], bias: [0.5], activation: 'linear' }]);
    const w = { x0: -1, x1: 3, y0: 0, y1: 2 };
    for (const workers of [2, 3, 5]) {
      const tiles = guidedTiles(net, w, workers);
      expect(tiles).toHaveLength(6 * workers);
      const areas = tiles.map((t) => (t.x1 - t.x0) * (t.y1 - t.y0));
      expect(areas.reduce((a, b) => a + b, 0)).toBeCloseTo(8, 12);
      // Areas in proportion to the shares 1, 1/2, 1/4: the total share is 3.5 per worker.
      areas.forEach((a, i) => {
        expect(a).toBeCloseTo((8 * [1, 0.5, 0.25][Math.floor(i / (2 * workers))]!) / (3.5 * workers), 9);
      });
      const merged = mergeTiles(summariseAll(net, tiles));
      expect(merged.count).toBe(1);
      expect(merged.area).toBeCloseTo(8, 9);
    }
    expect(balancedTiles(net, w, 7)).toHaveLength(7);
  });
});

describe('balancedTiles', () => {
  it('partitions the window, merges to the single pass and spreads the regions more evenly than a grid', () => {
    const net = initNetwork({ widths: [2, 24, 24, 24, 1], activation: 'relu', init: 'he', seed: 1 });
    const w = { x0: -4, x1: 4, y0: -3, y1: 5 };
    const single = enumerateRegions(net, w);
    if (typeof single === 'string') throw new Error(single);
    const tiles = balancedTiles(net, w, 16);
    expect(tiles).toHaveLength(16);
    // Every tile inside the window, the areas summing to the window's, every inner edge shared exactly.
    let area = 0;
    for (const t of tiles) {
      expect(t.x0).toBeGreaterThanOrEqual(w.x0);
      expect(t.x1).toBeLessThanOrEqual(w.x1);
      expect(t.y0).toBeGreaterThanOrEqual(w.y0);
      expect(t.y1).toBeLessThanOrEqual(w.y1);
      expect(t.x1).toBeGreaterThan(t.x0);
      expect(t.y1).toBeGreaterThan(t.y0);
      area += (t.x1 - t.x0) * (t.y1 - t.y0);
      for (const [x, side] of [
        [t.x0, 'x1'],
        [t.x1, 'x0'],
      ] as const)
        if (x !== w.x0 && x !== w.x1) expect(tiles.some((u) => u[side] === x)).toBe(true);
    }
    expect(area).toBeCloseTo(64, 9);
    const summaries = summariseAll(net, tiles);
    const merged = mergeTiles(summaries);
    expect(merged.count).toBe(single.regions.length);
    expect(merged.area).toBeCloseTo(64, 9);
    // The largest tile's share of the pieces (a proxy of its work) is well below a 4 x 4 grid's.
    const grid = summariseAll(net, tileWindow(w, 4, 4));
    expect(share(summaries)).toBeLessThan(0.75 * share(grid));
  });

  it('balances a first layer wider than its coarse partition keeps (one hidden layer of 600)', () => {
    const net = initNetwork({ widths: [2, 600, 1], activation: 'relu', init: 'he', seed: 3 });
    const w = { x0: -2, x1: 2, y0: -2, y1: 2 };
    const single = enumerateRegions(net, w, { areasOnly: true });
    if (typeof single === 'string') throw new Error(single);
    const tiles = balancedTiles(net, w, 8);
    expect(tiles).toHaveLength(8);
    const area = tiles.reduce((s, t) => s + (t.x1 - t.x0) * (t.y1 - t.y0), 0);
    expect(area).toBeCloseTo(16, 9);
    const summaries = summariseAll(net, tiles);
    expect(mergeTiles(summaries).count).toBe(single.count);
    // Balanced by the subsample: the largest tile's share of the pieces well below a 4 x 2 grid's.
    const grid = summariseAll(net, tileWindow(w, 4, 2));
    expect(share(summaries)).toBeLessThan(0.75 * share(grid));
  });

  it('keeps the plane, and gives one tile (the window) for n <= 1', () => {
    const net = initNetwork({ widths: [3, 8, 8, 1], activation: 'relu', seed: 2 });
    const plane = [
      [0, 0, 0.5],
      [1, 0, 0],
      [0, 1, 0],
    ] as const;
    const tiles = balancedTiles(net, { x0: -1, x1: 1, y0: -1, y1: 1, plane }, 5);
    expect(tiles).toHaveLength(5);
    for (const t of tiles) expect(t.plane).toEqual(plane);
    expect(balancedTiles(net, { x0: -1, x1: 1, y0: -1, y1: 1 }, 1)).toEqual([
      { x0: -1, x1: 1, y0: -1, y1: 1 },
    ]);
  });
});

describe('summariseTile', () => {
  it('returns a message for a bad window and for an enumeration stopped early', () => {
    const net = initNetwork({ widths: [2, 8, 1], activation: 'relu', seed: 1 });
    expect(summariseTile(net, { x0: 1, x1: 0, y0: 0, y1: 1 })).toMatch(/x0/);
    expect(summariseTile(net, { x0: -3, x1: 3, y0: -3, y1: 3 }, { maxRegions: 2 })).toMatch(/stopped early/);
    const s = summariseTile(net, { x0: -3, x1: 3, y0: -3, y1: 3 });
    if (typeof s === 'string') throw new Error(s);
    expect(s.hashes.length).toBe(2 * s.areas.length);
  });
});
