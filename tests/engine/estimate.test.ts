/**
 * The sampled region count (engine/estimate.ts) against exact enumeration: the area of the region at a
 * point equals the enumerated polygon's area, the distinct patterns never exceed the exact count, and the
 * 95% interval covers the exact count on most of twenty small networks.
 */
import { describe, expect, it } from 'vitest';
import { estimateRegionCount, regionAreaAt } from '../../src/engine/estimate.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';

const WINDOW = { x0: -2, x1: 2, y0: -1.5, y1: 2.5 };
type Act = 'relu' | 'leaky_relu' | 'hardtanh' | 'abs';
const nets = Array.from({ length: 20 }, (_, k) => {
  const acts: Act[] = ['relu', 'leaky_relu', 'hardtanh', 'abs'];
  const widths = k % 2 ? [2, 8, 8, 1] : [2, 6, 6, 6, 1];
  return initNetwork({ widths, activation: acts[k % 4]!, seed: 100 + k });
});

describe('sampled region count', () => {
  it('finds the area of the region at a point as the enumeration does', () => {
    for (const net of nets.slice(0, 6)) {
      const e = enumerateRegions(net, WINDOW);
      if (typeof e === 'string') throw new Error(e);
      for (const r of e.regions.slice(0, 200)) {
        const a = regionAreaAt(net, WINDOW, r.centroid[0], r.centroid[1]);
        expect(Math.abs(a - r.area)).toBeLessThanOrEqual(1e-9 * Math.max(1, r.area) + 1e-12);
      }
    }
  });

  it('covers the exact count with its 95% interval on most networks', () => {
    let covered = 0;
    const rows: string[] = [];
    for (const [k, net] of nets.entries()) {
      const e = enumerateRegions(net, WINDOW);
      if (typeof e === 'string') throw new Error(e);
      const r = estimateRegionCount(net, WINDOW, 3000, 7 + k);
      if (typeof r === 'string') throw new Error(r);
      expect(r.distinct).toBeLessThanOrEqual(e.count);
      expect(r.low).toBeLessThanOrEqual(r.estimate + 1e-9);
      if (r.low <= e.count && e.count <= r.high) covered++;
      rows.push(`${e.count}:${r.estimate.toFixed(1)}[${r.low.toFixed(1)},${r.high.toFixed(1)}]`);
    }
    console.log(`exact:estimate[95% interval] ${rows.join(' ')}; covered ${covered}/20`);
    // Nominal 95%; the interval is asymptotic, so at least 16 of 20.
    expect(covered).toBeGreaterThanOrEqual(16);
  });

  it('refuses bad windows and too few samples with a message', () => {
    expect(estimateRegionCount(nets[0]!, { x0: 1, x1: 0, y0: 0, y1: 1 }, 100)).toMatch(/x0/);
    expect(estimateRegionCount(nets[0]!, WINDOW, 1)).toBe('samples is 1, expected an integer of at least 2');
  });
});
