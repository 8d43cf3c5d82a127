/**
 * No skipped cut on deep random networks: on every enumerated region, every neuron's pre-activation (composed
 * through the region's own pattern, recomputed here from the weights) keeps one sign at the region's
 * vertices and centroid, beyond 1e-9 of its rounding scale (tests/engine/lib/sign-check.ts). The nets are
 * seeds where an enumeration whose tolerance came from the all-neurons-on magnitude bound left slivers of
 * a last-layer neuron's zero set inside regions (2 to 10 per net), plus a few more seeds and depths.
 */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { mapOf } from './lib/checks.ts';
import { signViolations } from './lib/sign-check.ts';

const CASES: Array<{ widths: number[]; seed: number; window: number }> = [
  { widths: [2, ...Array(10).fill(16), 1], seed: 11, window: 4 },
  { widths: [2, ...Array(8).fill(24), 1], seed: 1, window: 4 },
  { widths: [2, ...Array(6).fill(16), 1], seed: 3, window: 4 },
  { widths: [2, ...Array(9).fill(12), 1], seed: 4, window: 3 },
];

describe('every region is on one side of every neuron of every layer (deep random networks)', () => {
  for (const { widths, seed, window: r } of CASES) {
    it(`2 -> ${widths[1]} x ${widths.length - 2}, seed ${seed}, [-${r}, ${r}]^2`, () => {
      const net = initNetwork({ widths, activation: 'relu', seed });
      const w = { x0: -r, x1: r, y0: -r, y1: r };
      const e = enumerateRegions(net, w);
      if (typeof e === 'string') throw new Error(e);
      expect(e.complete).toBe(true);
      expect(e.vertices - e.edges + e.count).toBe(1);
      const bad = signViolations(net, mapOf(net, w), e.regions);
      expect(bad.slice(0, 3), `${bad.length} regions hold a sign change`).toEqual([]);
    }, 30_000);
  }
});

describe('the check itself', () => {
  it('flags a region that a neuron crosses (the enumeration of the first layers only, checked on all)', () => {
    const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 3 });
    const w = { x0: -3, x1: 3, y0: -3, y1: 3 };
    const e = enumerateRegions(net, w, { layers: 1 });
    if (typeof e === 'string') throw new Error(e);
    const bad = signViolations(net, mapOf(net, w), e.regions);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((b) => b.layer === 1)).toBe(true);
  });
});
