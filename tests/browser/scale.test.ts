/**
 * Large networks, up to 512 wide and 16 deep, render correctly at small sizes (32 x 32): the GPU pattern
 * hashes agree with the engine, the context survives, and no WebGL error occurs. Timings are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/engine/activations.ts';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { type AppPage, closeSession, openApp, openSession, type Session } from './harness.ts';
import { nearZeroSets } from './zeroSets.ts';

/** Pixels per side: 32, and 16 for the 512 x 16 network (SwiftShader evaluates it at about 3e8 MAC/s). */
const SIZE = 32;

const CASES: { name: string; widths: number[]; activation: ActivationName; size?: number }[] = [
  {
    name: '2 x 512 x 16 x 1 relu at 16 x 16',
    widths: [2, ...Array(16).fill(512), 1],
    activation: 'relu',
    size: 16,
  },
  {
    name: '2 x 100 x 16 x 3 hardtanh (odd width)',
    widths: [2, ...Array(16).fill(100), 3],
    activation: 'hardtanh',
  },
  { name: '2 x 511 x 2 x 1 leaky_relu', widths: [2, 511, 511, 1], activation: 'leaky_relu' },
];

let session: Session | undefined;
let app: AppPage;

beforeAll(async () => {
  session = await openSession();
  // No renderer forced: the float32 check keeps these networks on the GPU (weights in a texture).
  app = await openApp(session);
  // The exact count is not needed here: keep the CPU for SwiftShader.
  await app.page.evaluate(() => window.reluOrigami!.setExactCap(0));
});

afterAll(async () => {
  await closeSession(session);
});

describe('large networks at 32 x 32', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const net = initNetwork({ widths: c.widths, activation: c.activation, seed: 11 });
      const view = { x0: -1, x1: 1, y0: -1, y1: 1 };
      const n = c.size ?? SIZE;
      await app.page.evaluate((k) => window.reluOrigami!.resize(k, k), n);
      const t0 = performance.now();
      const r = await app.page.evaluate(
        async (model, v) => {
          const api = window.reluOrigami!;
          await api.setModel(model);
          await api.setView(v);
          const a = performance.now();
          await api.render();
          const b = performance.now();
          const { ids } = await api.readRegionIds();
          return {
            ids: Array.from(ids),
            renderMs: b - a,
            readMs: performance.now() - b,
            weights: api.info().weights,
          };
        },
        toModelJson(net) as unknown as Record<string, unknown>,
        view,
      );
      const t1 = performance.now();
      const map = planeMap(2, undefined) as PlaneMap;
      const cpu = evaluateGrid(net, map, view, n, n);
      // With hundreds of neurons nearly every pixel is within a pixel of some zero set, so the far-pixel
      // count is printed but the assertion that matters here is the all-pixel rate.
      const near = nearZeroSets(net, map, view, n, n, 2 / n);
      let agree = 0;
      let far = 0;
      let farAgree = 0;
      const regions = new Set<number>();
      for (let p = 0; p < n * n; p++) {
        const same = r.ids[2 * p] === cpu.ids[2 * p] && r.ids[2 * p + 1] === cpu.ids[2 * p + 1];
        regions.add(cpu.ids[2 * p]!);
        agree += same ? 1 : 0;
        if (!near[p]) {
          far++;
          farAgree += same ? 1 : 0;
        }
      }
      console.log(
        `${c.name}: render ${r.renderMs.toFixed(0)} ms, ids readback ${r.readMs.toFixed(0)} ms, ` +
          `page total ${(t1 - t0).toFixed(0)} ms; ${regions.size} distinct patterns in ${n * n} pixels; ` +
          `all ${(100 * (agree / (n * n))).toFixed(2)}% agree, far-from-zero-set ${farAgree}/${far}`,
      );
      expect(r.weights).toBe('texture');
      expect(regions.size).toBeGreaterThan(10);
      expect(farAgree).toBe(far);
      expect(agree / (n * n)).toBeGreaterThanOrEqual(0.995);
      const lost = await app.page.evaluate(() => {
        const c = document.getElementById('view') as HTMLCanvasElement;
        return (c.getContext('webgl2') as WebGL2RenderingContext).isContextLost();
      });
      expect(lost).toBe(false);
    });
  }

  it('no page, console or WebGL errors', () => {
    expect(app.errors).toEqual([]);
  });
});
