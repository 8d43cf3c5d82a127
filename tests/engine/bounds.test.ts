/**
 * Region-count bounds (bounds.ts) against hand-computed values, and the exact counts never above them.
 * The output layer is linear in every model file; it must not lower the bounds of the hidden layers.
 */
import { describe, expect, it } from 'vitest';
import { areaStats, regionBounds } from '../../src/engine/bounds.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { linesNet, makeNet, sawtooth } from './lib/nets.ts';

const choose2 = (n: number) => (n * (n - 1)) / 2;

describe('region bounds', () => {
  it('one hidden layer of n relu neurons: Zaslavsky = Serra = Montufar = 1 + n + C(n, 2)', () => {
    for (const n of [1, 2, 3, 7, 50]) {
      const net = linesNet(Array.from({ length: n }, (_, k) => [Math.cos(k), Math.sin(k), 1] as const));
      const want = 1 + n + choose2(n);
      expect(regionBounds(net)).toEqual({ dimension: 2, zaslavsky: want, serra: want, montufar: want });
    }
  });

  it('one input: n neurons give at most n + 1 intervals', () => {
    const net = initNetwork({ widths: [1, 9, 1], activation: 'relu', seed: 1 });
    expect(regionBounds(net)).toEqual({ dimension: 1, zaslavsky: 10, serra: 10, montufar: 10 });
  });

  it('2 -> 3 -> 3 relu: Serra 40, Montufar 49 (computed by hand)', () => {
    // Serra: sum over j1 <= 2, j2 <= min(2, 3 - j1) of C(3, j1) C(3, j2) = 1*7 + 3*7 + 3*4 = 40.
    // Montufar: (C(3,0) + C(3,1) + C(3,2))^2 = 49.
    const net = initNetwork({ widths: [2, 3, 3, 1], activation: 'relu', seed: 1 });
    const b = regionBounds(net);
    expect(b.serra).toBe(40);
    expect(b.montufar).toBe(49);
    expect(b.zaslavsky).toBeNull();
  });

  it('a linear bottleneck before a relu layer caps the dimension', () => {
    // 2 -> 1 (linear) -> 5 relu: the relu layer sees a line, so at most 6 regions.
    const net = makeNet(2, [
      { weights: [[1, 2]], bias: [0], activation: 'linear' },
      { weights: [[1], [2], [3], [4], [5]], bias: [1, 2, 3, 4, 5], activation: 'relu' },
      { weights: [[1, 1, 1, 1, 1]], bias: [0], activation: 'linear' },
    ]);
    expect(regionBounds(net).montufar).toBe(6);
  });

  it('exact counts never exceed the bounds', () => {
    const cases = [
      { net: sawtooth(3, 2), w: { x0: 0, x1: 1, y0: 0, y1: 1 } },
      {
        net: initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 3 }),
        w: { x0: -3, x1: 3, y0: -3, y1: 3 },
      },
      {
        net: initNetwork({ widths: [2, 6, 6, 6, 1], activation: 'relu', seed: 4 }),
        w: { x0: -5, x1: 5, y0: -5, y1: 5 },
      },
      {
        net: initNetwork({ widths: [2, 6, 6, 1], activation: 'hardtanh', seed: 5 }),
        w: { x0: -5, x1: 5, y0: -5, y1: 5 },
      },
    ];
    for (const { net, w } of cases) {
      const e = enumerateRegions(net, w);
      if (typeof e === 'string') throw new Error(e);
      const b = regionBounds(net);
      expect(e.regions.length).toBeLessThanOrEqual(b.montufar);
      if (b.serra !== null) expect(e.regions.length).toBeLessThanOrEqual(b.serra);
    }
  });
});

describe('area statistics', () => {
  it('summarises a list of areas', () => {
    const s = areaStats([4, 1, 3, 2, 5]);
    expect(s).toMatchObject({ count: 5, min: 1, max: 5, mean: 3, median: 3 });
    expect(s.std).toBeCloseTo(Math.sqrt(2), 12);
    expect(areaStats([]).count).toBe(0);
  });
});
