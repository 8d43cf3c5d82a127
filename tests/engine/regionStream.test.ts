/**
 * Regions streamed by enumerateRegions' `onRegion` (src/engine/region-build.ts) and accumulated by
 * RegionAccumulator (src/engine/regionAnalysis.ts): the streamed regions are the listed ones (count, polygons,
 * patterns, areas, maps), and their analysis is the one computed from the list.
 */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import { analyseRegions, RegionAccumulator } from '../../src/engine/regionAnalysis.ts';
import { enumerateRegions, type Region } from '../../src/engine/regions.ts';
import { expectSameRegions } from './lib/checks.ts';
import { randomSmallNet } from './lib/nets.ts';

describe('streamed regions', () => {
  it('are the listed regions, and their count is the final count', () => {
    const nets = [initNetwork({ widths: [2, 12, 12, 12, 1], activation: 'relu', seed: 6 })];
    for (let s = 0; s < 6; s++) nets.push(randomSmallNet(500 + s, s % 2 === 0 ? 'int' : 'float', true));
    for (const net of nets) {
      const w = { x0: -2.5, x1: 2, y0: -2, y1: 3 };
      const listed = enumerateRegions(net, w);
      if (typeof listed === 'string') throw new Error(listed);
      const got: Region[] = [];
      const acc = new RegionAccumulator(3);
      const streamed = enumerateRegions(net, w, {
        onRegion: (r) => {
          got.push(r);
          acc.add(r.polygon, r.pattern, r.area);
        },
      });
      if (typeof streamed === 'string') throw new Error(streamed);
      expect(streamed.regions).toHaveLength(0);
      expect(streamed.count).toBe(listed.count);
      expect(got).toHaveLength(listed.count);
      expect(streamed.area).toBe(listed.area);
      expectSameRegions(got, listed.regions);
      for (let k = 0; k < got.length; k++) expect(got[k]!.area).toBe(listed.regions[k]!.area);
      const direct = analyseRegions(
        listed.regions,
        3,
        undefined,
        listed.regions.map((r) => r.area),
      );
      const a = acc.analysis();
      expect(acc.count).toBe(listed.count);
      expect(a.keys).toEqual(direct.keys);
      expect(a.stats).toEqual(direct.stats);
      expect(a.edges).toEqual(direct.edges);
    }
  });
});
