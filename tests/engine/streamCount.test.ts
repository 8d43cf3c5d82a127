/**
 * The streamed exact count (src/engine/streamCount.ts): with tiles small enough to force many splits, its
 * final count equals closed forms (4^L for the sawtooth, 2n for n lines through a point on a tile corner,
 * 1 + n + n(n-1)/2 for lines in general position) and the single-pass enumeration on seeded random and
 * degenerate networks; every streamed count is a lower bound, never decreases, and the last equals the
 * final count; the budgets stop it with what it covered. PatternSet is checked against a set of strings.
 */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import type { Network } from '../../src/engine/model.ts';
import { PatternSet } from '../../src/engine/patternSet.ts';
import type { Window } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { Rng } from '../../src/engine/rng.ts';
import {
  enumerationBytesPerRegion,
  type StreamCountOptions,
  type StreamProgress,
  streamCount,
} from '../../src/engine/streamCount.ts';
import { linesNet, randomSmallNet, sawtooth } from './lib/nets.ts';

/** The streamed count with its progress reports; throws on an engine error. */
function streamed(net: Network, window: Window, opts: StreamCountOptions = {}) {
  const seen: StreamProgress[] = [];
  const r = streamCount(net, window, { ...opts, onProgress: (p) => seen.push(p) });
  if (typeof r === 'string') throw new Error(r);
  return { r, seen };
}

/** The single-pass count of the engine. */
function single(net: Network, window: Window, layers?: number): number {
  const e = enumerateRegions(net, window, layers === undefined ? {} : { layers });
  if (typeof e === 'string') throw new Error(e);
  return e.count;
}

/** Streamed counts never decrease, never pass `final`, fractions grow to `last`. */
function expectMonotone(seen: StreamProgress[], final: number) {
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i]!.count).toBeGreaterThanOrEqual(seen[i - 1]!.count);
    expect(seen[i]!.fraction).toBeGreaterThan(seen[i - 1]!.fraction);
  }
  for (const p of seen) expect(p.count).toBeLessThanOrEqual(final);
}

describe('streamCount: exact against closed forms', () => {
  it('counts the 4^L sawtooth regions of the unit square in many tiles', () => {
    const net = sawtooth(3, 2);
    const { r, seen } = streamed(net, { x0: 0, x1: 1, y0: 0, y1: 1 }, { tileRegions: 64 });
    expect(r).toMatchObject({ count: 64, complete: true, stopped: null, fraction: 1 });
    const { r: r4, seen: seen4 } = streamed(
      sawtooth(4, 2),
      { x0: 0, x1: 1, y0: 0, y1: 1 },
      { tileRegions: 64 },
    );
    expect(r4.count).toBe(256);
    expect(r4.splits).toBeGreaterThan(0);
    expect(r4.tiles).toBeGreaterThanOrEqual(4);
    expect(r4.area).toBeCloseTo(1, 12);
    expectMonotone(seen4, 256);
    expect(seen4.at(-1)).toEqual({ count: 256, fraction: 1 });
    expect(seen.at(-1)).toEqual({ count: 64, fraction: 1 });
  });

  it('counts 2n regions of n lines through a point where four tiles meet, splitting past the depth limit', () => {
    // 40 lines through the origin, the centre of [-1, 1]^2, where the quadtree's tiles always meet: every
    // tile at the origin holds pieces of all 80 regions, so splitting alone never gets under a cap of 64.
    const lines = Array.from({ length: 40 }, (_, k) => {
      const a = (Math.PI * (k + 0.5)) / 40;
      return [Math.cos(a), Math.sin(a), 0] as const;
    });
    const { r, seen } = streamed(linesNet(lines), { x0: -1, x1: 1, y0: -1, y1: 1 }, { tileRegions: 64 });
    expect(r.count).toBe(80);
    expect(r.complete).toBe(true);
    expectMonotone(seen, 80);
    expect(seen.at(-1)!.count).toBe(80);
  });

  it('counts 1 + n + n(n-1)/2 regions of lines in general position, and lines along the tile edges', () => {
    const rng = new Rng(5);
    // Lines tangent to the circle of radius 0.5 (all crossings inside [-4, 4]^2 for angles kept apart).
    const n = 24;
    const lines = Array.from({ length: n }, (_, k) => {
      const a = (Math.PI * (k + rng.uniform(0, 0.3))) / n;
      return [Math.cos(a), Math.sin(a), -0.5 + 0.01 * k] as const;
    });
    const want = 1 + n + (n * (n - 1)) / 2;
    const win = { x0: -40, x1: 40, y0: -40, y1: 40 };
    expect(single(linesNet(lines), win)).toBe(want);
    expect(streamed(linesNet(lines), win, { tileRegions: 64 }).r.count).toBe(want);
    // x = 0, y = 0 and x = 0.5 lie on tile edges of [-1, 1]^2: 6 regions.
    const edges = linesNet([
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, -0.5],
    ]);
    const { r } = streamed(edges, { x0: -1, x1: 1, y0: -1, y1: 1 }, { tileRegions: 64, firstTileRegions: 0 });
    expect(r.count).toBe(6);
  });
});

describe('streamCount: equals the single pass', () => {
  it('on seeded random small networks with degenerate neurons and every activation', () => {
    const win = { x0: -3, x1: 3, y0: -3, y1: 3 };
    let tiled = 0;
    for (let seed = 1; seed <= 40; seed++) {
      for (const kind of ['int', 'half', 'float'] as const) {
        const net = randomSmallNet(seed, kind, true);
        const truth = single(net, win);
        const { r, seen } = streamed(net, win, { tileRegions: 64 });
        expect(r.count, `seed ${seed} ${kind}`).toBe(truth);
        expectMonotone(seen, truth);
        if (r.tiles > 1) tiled++;
      }
    }
    expect(tiled).toBeGreaterThan(5);
  });

  it('on a 2-32-32-32-1 network, whole and after k layers, with hundreds of tiles', () => {
    const net = initNetwork({ widths: [2, 32, 32, 32, 1], activation: 'relu', seed: 2 });
    const win = { x0: -3, x1: 3, y0: -2, y1: 2.5 };
    for (const layers of [1, 2, 3]) {
      const truth = single(net, win, layers);
      const { r, seen } = streamed(net, win, { layers, tileRegions: 64 });
      expect(r.count).toBe(truth);
      expect(r.area).toBeCloseTo(6 * 4.5, 9);
      expectMonotone(seen, truth);
      expect(seen.at(-1)).toEqual({ count: truth, fraction: 1 });
      if (layers === 3) {
        expect(r.tiles).toBeGreaterThan(30);
        expect(r.crossing).toBeGreaterThan(0);
        expect(r.regions).toBeNull();
        expect(seen.length).toBe(r.tiles);
      }
    }
  });

  it('returns the regions of a view counted in its first tile', () => {
    const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 3 });
    const win = { x0: -3, x1: 3, y0: -3, y1: 3 };
    const { r } = streamed(net, win, { tileRegions: 64, firstTileRegions: 5000 });
    expect(r.tiles).toBe(1);
    expect(r.regions).toHaveLength(single(net, win));
  });
});

describe('streamCount: budgets', () => {
  const net = initNetwork({ widths: [2, 16, 16, 16, 1], activation: 'relu', seed: 3 });
  const win = { x0: -3, x1: 3, y0: -3, y1: 3 };
  const truth = single(net, win);

  it('stops when shouldStop says so, with the tiles finished so far', () => {
    let finished = 0;
    const r = streamCount(net, win, {
      tileRegions: 64,
      shouldStop: () => finished >= 3,
      onProgress: () => finished++,
    });
    if (typeof r === 'string') throw new Error(r);
    expect(r).toMatchObject({ complete: false, stopped: 'time', tiles: 3 });
    expect(r.count).toBeGreaterThan(0);
    expect(r.count).toBeLessThan(truth);
    expect(r.fraction).toBeGreaterThan(0);
    expect(r.fraction).toBeLessThan(1);
  });

  it('stops at the memory budget, holding no more than it', () => {
    // The unbounded peak, less a byte, is too little.
    const all = streamed(net, win, { tileRegions: 64 }).r;
    expect(all.complete).toBe(true);
    const memoryBytes = all.peakBytes - 1;
    const { r } = streamed(net, win, { tileRegions: 64, memoryBytes });
    expect(r.stopped).toBe('memory');
    expect(r.complete).toBe(false);
    expect(r.count).toBeLessThan(all.count);
    expect(r.peakBytes).toBeLessThanOrEqual(memoryBytes);
    // Less than one tile's enumeration: nothing is counted.
    const none = streamed(net, win, { memoryBytes: enumerationBytesPerRegion(net) }).r;
    expect(none).toMatchObject({ count: 0, stopped: 'memory', fraction: 0 });
    expect(streamed(net, win, { tileRegions: 64, memoryBytes: 64 * 2 ** 20 }).r).toMatchObject({
      complete: true,
      count: truth,
    });
  });

  it('stops at maxRegions after the tile that reaches it', () => {
    const { r } = streamed(net, win, { tileRegions: 64, maxRegions: 100 });
    expect(r.stopped).toBe('cap');
    expect(r.count).toBeGreaterThanOrEqual(100);
    expect(r.count).toBeLessThan(truth);
  });

  it('reports a bad window as a message', () => {
    expect(streamCount(net, { x0: 1, x1: -1, y0: 0, y1: 1 })).toBe(
      enumerateRegions(net, { x0: 1, x1: -1, y0: 0, y1: 1 }),
    );
  });
});

describe('PatternSet', () => {
  it('keeps exactly the distinct patterns, compared on their first states', () => {
    const rng = new Rng(9);
    const set = new PatternSet(37);
    const truth = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      // Few distinct values so that repeats are common; a 38th state that must be ignored.
      const p = Uint8Array.from({ length: 38 }, (_, k) => (k < 30 ? 0 : rng.int(3)));
      const key = Array.from(p.subarray(0, 37)).join('');
      expect(set.add(p)).toBe(!truth.has(key));
      truth.add(key);
    }
    expect(set.size).toBe(truth.size);
    expect(set.bytes).toBeGreaterThan(truth.size * 12);
  });
});
