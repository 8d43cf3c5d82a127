/**
 * When the GPU fails: without WebGL2 (Chromium with --disable-3d-apis) and with network programs that fail to
 * compile (`?gpu-fault=compile`), the explorer draws with the CPU renderer, says so in a banner and in
 * info(), and its region ids and pixels equal the float64 engine's, on a 64 x 64 canvas of a 2-8x3 network.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { type Network, toModelJson } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import {
  type AppPage,
  closeSession,
  openApp,
  openSession,
  type Session,
  SWIFTSHADER_FLAGS,
} from './harness.ts';
import { differingPixels, referenceImage } from './referenceImage.ts';

const SIZE = 64;
const HASH = '#arch=2-8-8-8-1&act=relu&seed=3&view=-2,2,-2,2&mode=regions&b=1';
const sessions: Session[] = [];
const pages: AppPage[] = [];

afterAll(async () => {
  // regl logs the compile failure that the fault hook causes (and the fallback answers); nothing else.
  for (const p of pages)
    expect(p.errors.filter((e) => !/regl\) Error compiling fragment shader/.test(e))).toEqual([]);
  for (const s of sessions) await closeSession(s);
});

async function open(flags: readonly string[], query: string): Promise<AppPage> {
  const s = await openSession(false, flags);
  sessions.push(s);
  const a = await openApp({ ...s, url: `${s.url}${query}` }, HASH, SIZE, SIZE);
  pages.push(a);
  await a.page.evaluate(async (n) => {
    const api = window.reluOrigami!;
    await api.setExactCap(0);
    await api.resize(n, n);
  }, SIZE);
  return a;
}

/** The fraction of pixels whose region ids read from the page equal the engine's. */
async function idAgreement(
  a: AppPage,
  net: Network,
  view: { x0: number; x1: number; y0: number; y1: number },
) {
  const r = await a.page.evaluate(async () => {
    const { width, height, ids } = await window.reluOrigami!.readRegionIds();
    return { width, height, ids: Array.from(ids) };
  });
  expect([r.width, r.height]).toEqual([SIZE, SIZE]);
  const cpu = evaluateGrid(net, planeMap(2, undefined) as PlaneMap, view, SIZE, SIZE);
  let same = 0;
  for (let p = 0; p < SIZE * SIZE; p++) {
    if (r.ids[2 * p] === cpu.ids[2 * p] && r.ids[2 * p + 1] === cpu.ids[2 * p + 1]) same++;
  }
  return same / (SIZE * SIZE);
}

/** The RGBA pixels of the canvas the CPU renderer draws into (#view-cpu over the GL canvas, else #view). */
async function cpuPixels(a: AppPage): Promise<Uint8Array> {
  const px = await a.page.evaluate(() => {
    const c = (document.getElementById('view-cpu') ?? document.getElementById('view')) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return Array.from(d);
  });
  return Uint8Array.from(px);
}

/** Wait until the CPU renderer's canvas shows `ref` (frames from the workers arrive band by band). */
async function waitForPicture(a: AppPage, ref: Uint8Array): Promise<number> {
  let differing = -1;
  for (let k = 0; k < 200; k++) {
    differing = differingPixels(await cpuPixels(a), ref, 0);
    if (differing === 0) break;
    await new Promise((d) => setTimeout(d, 100));
  }
  return differing;
}

for (const c of [
  {
    name: 'without WebGL2 (--disable-3d-apis)',
    flags: [...SWIFTSHADER_FLAGS, '--disable-3d-apis'],
    query: '',
    why: /WebGL2/,
  },
  {
    name: 'with programs that fail to compile',
    flags: SWIFTSHADER_FLAGS,
    query: '?gpu-fault=compile',
    why: /compile/,
  },
]) {
  describe(`the explorer ${c.name}`, () => {
    it('draws with the CPU renderer, says so, and matches the engine', async () => {
      const a = await open(c.flags, c.query);
      const info = await a.page.evaluate(() => window.reluOrigami!.info());
      expect(info.renderer).toBe('cpu');
      expect(info.reason).toMatch(c.why);
      const banner = await a.page.evaluate(() => {
        const b = document.getElementById('renderer-banner')!;
        return { hidden: b.hidden, text: b.textContent };
      });
      expect(banner.hidden).toBe(false);
      expect(banner.text).toMatch(/CPU/);
      // The frame drawn by the workers (band by band, coarse first) ends as the engine's picture.
      const ref = referenceImage(HASH, SIZE, SIZE);
      const differing = await waitForPicture(a, ref);
      console.log(`${c.name}: ${differing} of ${SIZE * SIZE} pixels differ from the engine's picture`);
      expect(differing).toBe(0);
      // A model set by script, and its region ids.
      const net = initNetwork({ widths: [2, 8, 8, 8, 1], activation: 'relu', seed: 11 });
      const view = { x0: -1.5, x1: 2, y0: -1, y1: 2.5 };
      await a.page.evaluate(
        async (m, v) => {
          const api = window.reluOrigami!;
          await api.setModel(m);
          await api.setView(v);
          await api.render();
        },
        toModelJson(net) as unknown as Record<string, unknown>,
        view,
      );
      const agree = await idAgreement(a, net, view);
      console.log(`${c.name}: region ids agree with the engine at ${(100 * agree).toFixed(2)}% of pixels`);
      expect(agree).toBe(1);
      expect(await a.page.evaluate(() => window.reluOrigami!.countVisibleRegions())).toBeGreaterThan(3);
    });
  });
}
