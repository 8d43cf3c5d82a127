/**
 * Invariants on realistic networks (seeded He initialisation, several activations and depths): Euler's
 * relation, areas summing to the window's, the pattern at each centroid, the affine maps against the
 * forward pass, and dense-grid sampling (never more patterns than the exact count; every region whose
 * inscribed circle is wider than two grid steps is found). Also --max-regions and the `layers` option.
 */
import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/engine/activations.ts';
import { patternHash } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { checkEnumeration, checkGridSampling } from './lib/checks.ts';

const CASES: Array<{
  widths: number[];
  activation: ActivationName | ActivationName[];
  seed: number;
  half: number;
}> = [
  { widths: [2, 8, 8, 1], activation: 'relu', seed: 1, half: 3 },
  { widths: [2, 16, 16, 16, 1], activation: 'relu', seed: 2, half: 3 },
  { widths: [2, 32, 32, 1], activation: 'relu', seed: 3, half: 2 },
  { widths: [2, 12, 12, 2], activation: 'leaky_relu', seed: 4, half: 3 },
  { widths: [2, 12, 12, 1], activation: 'abs', seed: 5, half: 2 },
  { widths: [2, 10, 10, 1], activation: 'hardtanh', seed: 6, half: 3 },
  { widths: [2, 10, 10, 10, 1], activation: ['relu', 'hardtanh', 'prelu'], seed: 7, half: 3 },
  { widths: [2, 6, 6, 6, 6, 6, 6, 1], activation: 'relu', seed: 8, half: 4 },
  // The benchmark's first network (about 6,000 regions).
  { widths: [2, 32, 32, 32, 32, 1], activation: 'relu', seed: 1, half: 3 },
];

describe('invariants on seeded random networks', () => {
  for (const c of CASES) {
    const name = `${c.widths.join('-')} ${Array.isArray(c.activation) ? c.activation.join('/') : c.activation}`;
    it(`${name} on [-${c.half}, ${c.half}]^2`, () => {
      const net = initNetwork({ widths: c.widths, activation: c.activation, seed: c.seed });
      const w =
        c.widths.length === 6
          ? { x0: -c.half, x1: c.half, y0: -c.half, y1: c.half }
          : { x0: -c.half, x1: c.half, y0: -c.half * 0.9, y1: c.half * 1.1 };
      const e = enumerateRegions(net, w);
      if (typeof e === 'string') throw new Error(e);
      expect(e.regions.length).toBeGreaterThan(10);
      checkEnumeration(net, w, e, { seed: c.seed });
      const wide = checkGridSampling(net, w, e, 400);
      expect(wide).toBeGreaterThan(0);
    });
  }
});

describe('options', () => {
  const net = initNetwork({ widths: [2, 16, 16, 1], activation: 'relu', seed: 11 });
  const w = { x0: -3, x1: 3, y0: -3, y1: 3 };

  it('maxRegions stops early with complete = false', () => {
    const all = enumerateRegions(net, w);
    if (typeof all === 'string') throw new Error(all);
    const some = enumerateRegions(net, w, { maxRegions: 10 });
    if (typeof some === 'string') throw new Error(some);
    expect(all.complete).toBe(true);
    expect(all.count).toBe(all.regions.length);
    expect(all.regions.length).toBeGreaterThan(10);
    expect(some.complete).toBe(false);
    // The count so far: a lower bound past the limit.
    expect(some.count).toBeGreaterThan(10);
    expect(some.count).toBeLessThanOrEqual(all.regions.length);
    const enough = enumerateRegions(net, w, { maxRegions: all.regions.length });
    if (typeof enough === 'string') throw new Error(enough);
    expect(enough.complete).toBe(true);
    expect(enough.regions.length).toBe(all.regions.length);
  });

  it('layers = 1 gives the partition of the first layer only: a coarsening of the full one', () => {
    const full = enumerateRegions(net, w);
    const first = enumerateRegions(net, w, { layers: 1 });
    if (typeof full === 'string' || typeof first === 'string') throw new Error('bad window');
    expect(first.regions.length).toBeLessThan(full.regions.length);
    // Every full region's first-layer pattern is one of the coarse regions' patterns, and all are used.
    const coarse = new Set(first.regions.map((r) => patternHash(r.pattern, 16)));
    const used = new Set(full.regions.map((r) => patternHash(r.pattern, 16)));
    expect(used).toEqual(coarse);
    const areaByCoarse = new Map<bigint, number>();
    for (const r of full.regions) {
      const h = patternHash(r.pattern, 16);
      areaByCoarse.set(h, (areaByCoarse.get(h) ?? 0) + r.area);
    }
    for (const r of first.regions) {
      expect(areaByCoarse.get(patternHash(r.pattern, 16))).toBeCloseTo(r.area, 9);
    }
  });

  it('reports a bad window or plane as a message', () => {
    expect(typeof enumerateRegions(net, { x0: 1, x1: 0, y0: 0, y1: 1 })).toBe('string');
    expect(typeof enumerateRegions(net, { x0: 0, x1: Number.NaN, y0: 0, y1: 1 })).toBe('string');
    const net3 = initNetwork({ widths: [3, 4, 1], activation: 'relu', seed: 1 });
    expect(typeof enumerateRegions(net3, w)).toBe('string');
    expect(
      typeof enumerateRegions(net3, {
        ...w,
        plane: [
          [0, 0, 0],
          [1, 1, 1],
          [2, 2, 2],
        ],
      }),
    ).toBe('string');
  });
});
