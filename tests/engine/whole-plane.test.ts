/**
 * The whole-plane window (whole-plane.ts) holds every vertex of the arrangement: k lines in general
 * position give 1 + k + C(k, 2) regions (Zaslavsky) on it, k breakpoints on a line give k + 1 intervals, and
 * on deeper random networks its count equals the rational truth and the count on a window 1e4 times wider.
 */
import { describe, expect, it } from 'vitest';
import type { Network } from '../../src/engine/model.ts';
import { planeMap } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { Rng } from '../../src/engine/rng.ts';
import { segmentPieces } from '../../src/engine/segment.ts';
import { wholePlaneWindow } from '../../src/engine/whole-plane.ts';
import { mapOf } from './lib/checks.ts';
import { exactRegions } from './lib/exact.ts';
import { linesNet, makeNet, randomSmallNet } from './lib/nets.ts';

function windowOf(net: Network) {
  const w = wholePlaneWindow(net);
  if (typeof w === 'string') throw new Error(w);
  return w;
}

function count(net: Network, w: ReturnType<typeof windowOf>): number {
  const e = enumerateRegions(net, w);
  if (typeof e === 'string') throw new Error(e);
  return e.count;
}

describe('whole-plane window', () => {
  for (const k of [1, 2, 3, 7, 20, 45]) {
    it(`${k} random lines give 1 + k + C(k, 2) = ${1 + k + (k * (k - 1)) / 2} regions`, () => {
      const rng = new Rng(40 + k);
      // Random coefficients: no two lines parallel and no three concurrent (with probability 1).
      const lines = Array.from({ length: k }, () => [rng.normal(), rng.normal(), rng.normal()] as const);
      const net = linesNet(lines);
      expect(count(net, windowOf(net))).toBe(1 + k + (k * (k - 1)) / 2);
    });
  }

  it('lines far from the origin and nearly parallel ones are held too', () => {
    const net = linesNet([
      [1, 0, -1e6],
      [0, 1, 3e5],
      [1, 1e-9, 0],
      [1, -1e-9, 0.5],
    ]);
    expect(count(net, windowOf(net))).toBe(11);
  });

  for (let k = 0; k < 12; k++) {
    it(`random network ${k}: the rational truth and a window 1e4 times wider agree`, () => {
      const net = randomSmallNet(41_000 + k, (['int', 'half', 'float'] as const)[k % 3]!, k % 3 === 2);
      const w = windowOf(net);
      const n = count(net, w);
      const wide = { x0: w.x0 * 1e4, x1: w.x1 * 1e4, y0: w.y0 * 1e4, y1: w.y1 * 1e4 };
      expect(count(net, wide)).toBe(n);
      expect(exactRegions(net, w, mapOf(net, w)).length).toBe(n);
    });
  }

  it('one input: k distinct breakpoints give k + 1 intervals', () => {
    const roots = [-3e4, -2, 0.5, 7, 1e5];
    const net = makeNet(1, [
      { weights: roots.map(() => [1]), bias: roots.map((r) => -r), activation: 'relu' },
      { weights: [roots.map(() => 1)], bias: [0], activation: 'linear' },
    ]);
    const w = windowOf(net);
    const map = planeMap(1, undefined);
    if (typeof map === 'string') throw new Error(map);
    expect(segmentPieces(net, map, [w.x0, 0], [w.x1, 0]).length).toBe(roots.length + 1);
  });

  it('a bad plane is an error message', () => {
    const net = makeNet(3, [{ weights: [[1, 0, 0]], bias: [0], activation: 'relu' }]);
    expect(wholePlaneWindow(net)).toMatch(/needs a plane/);
  });
});
