/**
 * The production build (vite build, served by vite preview) has the scripting API and draws what the
 * engine computes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { closeSession, openApp, openSession, type Session } from './harness.ts';

let session: Session | undefined;

beforeAll(async () => {
  session = await openSession(true);
});

afterAll(async () => {
  await closeSession(session);
});

it("the production build exposes window.reluOrigami, draws the engine's regions and counts them exactly", async () => {
  const app = await openApp(session!, '', 300, 300);
  const net = initNetwork({ widths: [2, 12, 12, 1], activation: 'leaky_relu', seed: 31 });
  const view = { x0: -2, x1: 2, y0: -2, y1: 2 };
  const r = await app.page.evaluate(
    async (model, v) => {
      const api = window.reluOrigami!;
      await api.resize(64, 64);
      await api.setModel(model);
      await api.setView(v);
      await api.setMode('layer');
      await api.setMode('regions');
      await api.render();
      const { ids } = await api.readRegionIds();
      return { ids: Array.from(ids), exact: await api.exactRegions() };
    },
    toModelJson(net) as unknown as Record<string, unknown>,
    view,
  );
  const cpu = evaluateGrid(net, planeMap(2, undefined) as PlaneMap, view, 64, 64);
  let agree = 0;
  for (let p = 0; p < 64 * 64; p++)
    if (r.ids[2 * p] === cpu.ids[2 * p] && r.ids[2 * p + 1] === cpu.ids[2 * p + 1]) agree++;
  console.log(`production build: ${agree} of 4096 pixels agree; exact count ${r.exact.count}`);
  expect(agree / 4096).toBeGreaterThanOrEqual(0.995);
  expect(r.exact.complete).toBe(true);
  expect(r.exact.count).toBeGreaterThan(10);
  await expect(app.page.evaluate(() => window.reluOrigami!.setMode('nonsense'))).rejects.toThrow(
    'unknown mode',
  );
  expect(app.errors).toEqual([]);
});
