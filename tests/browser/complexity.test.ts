/**
 * The local-complexity colour mode against the float64 engine: the GPU's per-pixel count (read back as
 * float32 words) equals engine/complexity.ts's count at the same pixel centres on a 40 x 40 canvas of a
 * 2 -> 8 x 3 network. A pixel may differ only where a neuron's margin |z - c| is within float32 rounding of
 * r |grad z| (a tie at the radius); every disagreement is checked to be such a tie.
 */
import { describe, expect, it } from 'vitest';
import { localComplexityGrid, neuronDistancesAt } from '../../src/engine/complexity.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

describe('local complexity on the GPU', () => {
  for (const act of ['relu', 'hardtanh'] as const) {
    it(`agrees with the engine pixel by pixel (2-8-8-8-1 ${act}, 40 x 40)`, async () => {
      const net = initNetwork({ widths: [2, 8, 8, 8, 1], activation: act, seed: 4 });
      const view = { x0: -2, x1: 2, y0: -2, y1: 2 };
      const radius = 0.15;
      const a = await open('', 40, 40);
      const { page } = a;
      const gpu = await page.evaluate(
        async (model, v, r) => {
          const api = window.reluOrigami!;
          await api.setModel(model);
          await api.resize(40, 40);
          await api.setView(v);
          await api.setComplexityRadius(r, 'plane');
          await api.setMode('complexity');
          await api.render();
          const counts = Array.from(await api.readComplexity());
          const means = await api.localComplexity();
          return { counts, means };
        },
        toModelJson(net) as unknown,
        view,
        radius,
      );
      const map = planeMap(2, undefined) as PlaneMap;
      const cpu = localComplexityGrid(net, map, view, 40, 40, radius);
      let agree = 0;
      let ties = 0;
      const unexplained: string[] = [];
      for (let j = 0; j < 40; j++) {
        for (let i = 0; i < 40; i++) {
          const p = j * 40 + i;
          if (gpu.counts[p] === cpu[p]) {
            agree++;
            continue;
          }
          // A tie: some neuron's margin is within 1e-4 (relative) of r |grad z| at this pixel centre.
          const s = view.x0 + ((i + 0.5) * 4) / 40;
          const t = view.y1 - ((j + 0.5) * 4) / 40;
          let tie = false;
          neuronDistancesAt(net, map, s, t, (m, g) => {
            if (Math.abs(m - radius * g) <= 1e-4 * Math.max(1, radius * g)) tie = true;
          });
          if (tie) ties++;
          else unexplained.push(`(${i}, ${j}): gpu ${gpu.counts[p]}, engine ${cpu[p]}`);
        }
      }
      const rate = agree / 1600;
      console.log(JSON.stringify({ act, pixels: 1600, agree, rate, ties, unexplained: unexplained.length }));
      expect(unexplained).toEqual([]);
      expect(rate).toBeGreaterThanOrEqual(0.99);
      // The counts are not trivial: some pixels see no zero set, some several.
      expect(Math.min(...gpu.counts)).toBe(0);
      expect(Math.max(...gpu.counts)).toBeGreaterThanOrEqual(2);
      // The API's mean over the view is the engine's 32 x 32 mean.
      const g32 = localComplexityGrid(net, map, view, 32, 32, radius);
      expect(gpu.means.view).toBeCloseTo(g32.reduce((x, y) => x + y, 0) / 1024, 12);
      expect(gpu.means.planeRadius).toBe(radius);
      expect(gpu.means.data).toBeNull();
      await page.close();
    });
  }
});
