/**
 * One hidden layer in general position: exactly 1 + n + C(n, 2) regions (Zaslavsky) when the window holds
 * every crossing, with V = C(n, 2) + 2n + 4 and E = n^2 + 2n + 4. The lines are tangents to a circle at
 * distinct angles within 0.9 pi (no two parallel, no three concurrent: from one point only two tangents
 * reach a circle), each scaled and flipped at random; the window is chosen from the computed crossings.
 */
import { describe, expect, it } from 'vitest';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { Rng } from '../../src/engine/rng.ts';
import { crossings, type Line, minCrossingGap, windowAround } from './lib/arrangement.ts';
import { checkEnumeration, checkGridSampling } from './lib/checks.ts';
import { linesNet } from './lib/nets.ts';

function tangentLines(n: number, seed: number, radius = 1): Line[] {
  const rng = new Rng(seed);
  const cx = rng.uniform(-1, 1);
  const cy = rng.uniform(-1, 1);
  return Array.from({ length: n }, (_, k) => {
    const theta = 0.05 * Math.PI + (0.9 * Math.PI * (k + 0.2 + 0.6 * rng.next())) / n;
    const scale = (rng.next() < 0.5 ? -1 : 1) * (0.25 + 2 * rng.next());
    const a = Math.cos(theta);
    const b = Math.sin(theta);
    // Tangent to the circle of `radius` around (cx, cy): a (s - cx) + b (t - cy) = radius.
    return [scale * a, scale * b, scale * (-radius - a * cx - b * cy)] as Line;
  });
}

const choose2 = (n: number) => (n * (n - 1)) / 2;

describe('Zaslavsky: one hidden layer in general position', () => {
  for (const n of [1, 2, 3, 5, 8, 13, 21, 34, 50]) {
    it(`${n} relu neurons give 1 + n + C(n,2) = ${1 + n + choose2(n)} regions`, () => {
      const lines = tangentLines(n, 1000 + n);
      const pts = crossings(lines);
      expect(pts.length).toBe(choose2(n));
      if (n >= 3) expect(minCrossingGap(pts)).toBeGreaterThan(1e-6);
      const window = windowAround(pts);
      const net = linesNet(lines);
      const e = enumerateRegions(net, window);
      if (typeof e === 'string') throw new Error(e);
      expect(e.regions.length).toBe(1 + n + choose2(n));
      expect(e.vertices).toBe(choose2(n) + 2 * n + 4);
      expect(e.edges).toBe(n * n + 2 * n + 4);
      checkEnumeration(net, window, e, { seed: n });
      if (n <= 21) checkGridSampling(net, window, e, 300);
    });
  }

  for (const act of ['leaky_relu', 'abs', 'prelu'] as const) {
    it(`${act}: 20 neurons give 211 regions too`, () => {
      const lines = tangentLines(20, 77);
      const window = windowAround(crossings(lines));
      const net = linesNet(lines, act);
      const e = enumerateRegions(net, window);
      if (typeof e === 'string') throw new Error(e);
      expect(e.regions.length).toBe(211);
      checkEnumeration(net, window, e);
    });
  }

  it('hardtanh: n neurons are 2n lines in n parallel pairs, 1 + 2n + (C(2n,2) - n) regions', () => {
    // z = 2 (a s + b t) - 3 tangent form: z = -1 and z = 1 are tangents to circles of radius 1 and 2.
    const n = 12;
    const base = tangentLines(n, 5, 1);
    const lines: Line[] = base.map(([a, b, c]) => [2 * a, 2 * b, 2 * c - Math.hypot(a, b)]);
    const zeroSets: Line[] = lines.flatMap(([a, b, c]) => [[a, b, c + 1] as Line, [a, b, c - 1] as Line]);
    const pts = crossings(zeroSets);
    expect(pts.length).toBe(choose2(2 * n) - n);
    expect(minCrossingGap(pts)).toBeGreaterThan(1e-6);
    const window = windowAround(pts);
    const net = linesNet(lines, 'hardtanh');
    const e = enumerateRegions(net, window);
    if (typeof e === 'string') throw new Error(e);
    expect(e.regions.length).toBe(1 + 2 * n + choose2(2 * n) - n);
    checkEnumeration(net, window, e);
  });
});
