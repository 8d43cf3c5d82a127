/**
 * A lost WebGL context (WEBGL_lose_context) and a view too deep for float32. While the context is lost the
 * CPU renderer draws the engine's picture and countVisibleRegions rejects; once it is restored the GL
 * renderer is rebuilt and matches the engine again, with the scripted model kept and no page reload. A
 * hardtanh saturation boundary zoomed to a 1e-6 window is drawn by the CPU renderer (the GPU, forced with
 * ?renderer=webgl2, gets it wrong there).
 */
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { type Network, toModelJson } from '../../src/engine/model.ts';
import { evaluatePixels, neighbourRect } from '../../src/engine/pixels.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { colourPixels, colourPlan } from '../../src/render/cpu/colour.ts';
import { defaultLook } from '../../src/state/look.ts';
import { useExplorerPages } from './harness.ts';
import { differingPixels } from './referenceImage.ts';

const SIZE = 64;
const HASH = '#arch=2-8-8-8-1&act=relu&seed=3&view=-2,2,-2,2&mode=regions&b=1';
const pages = useExplorerPages();
const map = planeMap(2, undefined) as PlaneMap;
type View = { x0: number; x1: number; y0: number; y1: number };

async function open(query = '') {
  const a = await pages.open(`${query}${HASH}`, SIZE, SIZE);
  await a.page.evaluate(async (n) => {
    await window.reluOrigami!.setExactCap(0);
    await window.reluOrigami!.resize(n, n);
  }, SIZE);
  return a.page;
}

async function show(page: Page, net: Network, view: View): Promise<void> {
  await page.evaluate(
    async (m, v) => {
      const api = window.reluOrigami!;
      await api.setModel(m);
      await api.setView(v);
      await api.render();
    },
    toModelJson(net) as unknown as Record<string, unknown>,
    view,
  );
}

/** The fraction of pixels whose region ids read from the page equal the engine's. */
async function idAgreement(page: Page, net: Network, view: View): Promise<number> {
  const ids = await page.evaluate(async () => Array.from((await window.reluOrigami!.readRegionIds()).ids));
  const cpu = evaluateGrid(net, map, view, SIZE, SIZE);
  let same = 0;
  for (let p = 0; p < SIZE * SIZE; p++)
    if (ids[2 * p] === cpu.ids[2 * p] && ids[2 * p + 1] === cpu.ids[2 * p + 1]) same++;
  return same / (SIZE * SIZE);
}

/**
 * Restore the context lost through `window.loseExt` and time, from restoreContext(): the restored event
 * (seen in the capture phase, before the App's listener), the switch back to WebGL2 (info() and the CPU
 * canvas hidden) and the first sample at which the GL canvas shows `ref` (at most 1% of the pixels off by
 * more than 2 levels of a channel). Every 10 ms the picture shown (the CPU canvas while it is visible, else
 * the GL canvas) is compared with `ref` the same way; `wrongSamples` counts the samples where it was wrong
 * and `firstRight` is the time of the first right one. -1 where a moment never came within 30 s. (Reading a
 * canvas waits for the GPU process, which compiles the new context's programs meanwhile: on SwiftShader the
 * samples are far apart until it is done.)
 */
async function restoreTimings(page: Page, ref: Uint8Array) {
  return page.evaluate(async (reference: number[]) => {
    const gl = document.getElementById('view') as HTMLCanvasElement;
    const cpu = document.getElementById('view-cpu') as HTMLCanvasElement;
    const probe = document.createElement('canvas');
    probe.width = gl.width;
    probe.height = gl.height;
    const ctx = probe.getContext('2d', { willReadFrequently: true })!;
    const wrong = (c: HTMLCanvasElement) => {
      ctx.clearRect(0, 0, probe.width, probe.height);
      ctx.drawImage(c, 0, 0);
      const d = ctx.getImageData(0, 0, probe.width, probe.height).data;
      if (d.length !== reference.length) return true;
      let bad = 0;
      for (let p = 0; p < d.length; p += 4)
        for (let c = 0; c < 3; c++)
          if (Math.abs(d[p + c]! - reference[p + c]!) > 2) {
            bad++;
            break;
          }
      return bad > d.length / 400;
    };
    const t = { event: -1, switched: -1, firstRight: -1, drawn: -1, samples: 0, wrongSamples: 0 };
    const t0 = performance.now();
    addEventListener('webglcontextrestored', () => (t.event = performance.now() - t0), {
      capture: true,
      once: true,
    });
    (window as unknown as { loseExt: WEBGL_lose_context }).loseExt.restoreContext();
    while (performance.now() - t0 < 30_000) {
      await new Promise((d) => setTimeout(d, 10));
      const now = performance.now() - t0;
      const i = window.reluOrigami!.info();
      const onGl = i.renderer === 'webgl2' && !i.contextLost && cpu.hidden;
      if (onGl && t.switched < 0) t.switched = now;
      t.samples++;
      const bad = wrong(cpu.hidden ? gl : cpu);
      if (bad) t.wrongSamples++;
      else if (t.firstRight < 0) t.firstRight = now;
      if (onGl && !bad) {
        t.drawn = now;
        break;
      }
    }
    return t;
  }, Array.from(ref));
}

const info = (page: Page) => page.evaluate(() => window.reluOrigami!.info());

describe('a lost WebGL context', () => {
  it('is drawn by the CPU while lost and rebuilt on restore, keeping the model, without a reload', async () => {
    const page = await open();
    const net = initNetwork({ widths: [2, 8, 8, 8, 1], activation: 'relu', seed: 11 });
    const view = { x0: -1.5, x1: 2, y0: -1, y1: 2.5 };
    await show(page, { ...net, name: 'kept' }, view);
    await page.evaluate(() => {
      (window as unknown as { pageMarker: number }).pageMarker = 42;
    });
    expect((await info(page)).renderer).toBe('webgl2');
    const before = await idAgreement(page, net, view);
    console.log(`before the loss (GPU): ${(100 * before).toFixed(2)}% of region ids agree with the engine`);
    expect(before).toBeGreaterThan(0.99);

    await page.evaluate(() => {
      const gl = (document.getElementById('view') as HTMLCanvasElement).getContext('webgl2')!;
      const ext = gl.getExtension('WEBGL_lose_context')!;
      (window as unknown as { loseExt: WEBGL_lose_context }).loseExt = ext;
      ext.loseContext();
    });
    await page.waitForFunction(() => window.reluOrigami!.info().contextLost);
    expect((await info(page)).renderer).toBe('cpu');
    const counted = await page.evaluate(async () => {
      try {
        return `resolved with ${await window.reluOrigami!.countVisibleRegions()}`;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    });
    expect(counted).toMatch(/context is lost/);
    // The CPU renderer's canvas shows the engine's picture of the scripted model.
    // The default look: its palette and line width, on a page of one device pixel per CSS pixel.
    const look = defaultLook();
    const display = {
      mode: 'regions',
      layer: 1,
      output: 0,
      probe: -1,
      boundaries: true,
      range: 1,
      palette: look.palette,
      lineWidth: look.lineWidth,
    } as const;
    const plan = colourPlan(net, display);
    const crop = { x: 0, y: 0, width: SIZE, height: SIZE };
    const ref = new Uint8Array(4 * SIZE * SIZE);
    colourPixels(
      evaluatePixels(net, map, view, SIZE, SIZE, neighbourRect(crop, SIZE, SIZE, plan.lineWidth), plan),
      plan,
      SIZE,
      crop,
      ref,
    );
    let differing = -1;
    for (let k = 0; k < 200 && differing !== 0; k++) {
      const px = await page.evaluate(() => {
        const c = document.getElementById('view-cpu') as HTMLCanvasElement;
        if (c.hidden) return [];
        return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
      });
      differing = px.length === ref.length ? differingPixels(Uint8Array.from(px), ref, 0) : -1;
      if (differing !== 0) await new Promise((d) => setTimeout(d, 100));
    }
    console.log(`while lost (CPU): ${differing} of ${SIZE * SIZE} pixels differ from the engine's picture`);
    expect(differing).toBe(0);
    expect(await idAgreement(page, net, view)).toBe(1);

    const t = await restoreTimings(page, ref);
    console.log(
      `restored: the event came ${t.event.toFixed(0)} ms after restoreContext(); the map shown agreed with ` +
        `the engine from the first sample, at ${t.firstRight.toFixed(0)} ms; WebGL2 took over, its map ` +
        `correct, at ${t.drawn.toFixed(0)} ms; the picture shown was wrong at ${t.wrongSamples} of ` +
        `${t.samples} samples`,
    );
    // Generous limits (a loaded CI machine); the figures are printed above.
    expect(t.firstRight).toBeGreaterThan(0);
    expect(t.firstRight).toBeLessThan(5_000);
    expect(t.drawn).toBeGreaterThan(0);
    expect(t.drawn).toBeLessThan(20_000);
    expect(t.wrongSamples).toBe(0);
    await page.evaluate(() => window.reluOrigami!.render());
    const after = await idAgreement(page, net, view);
    console.log(`after the restore (GPU): ${(100 * after).toFixed(2)}% of region ids agree with the engine`);
    expect(after).toBeGreaterThan(0.99);
    expect(await page.evaluate(() => window.reluOrigami!.getState().model)).toBe('kept');
    expect(await page.evaluate(() => (window as unknown as { pageMarker?: number }).pageMarker)).toBe(42);
    expect(await page.evaluate(() => window.reluOrigami!.countVisibleRegions())).toBeGreaterThan(3);
  });
});

describe('a view too deep for float32', () => {
  const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'hardtanh', seed: 4 });
  const L = net.layers[0]!;
  const [w0, w1] = [L.weights[0]!, L.weights[1]!];
  const size = 1e-6;
  const pixel = size / SIZE;
  // A centre near neuron 0's saturation boundary z = 1 (t = 0.1), offset so that float32 rounds its
  // pre-activation at the centre by at least two pixels' worth (the first such offset, in steps of 0.01).
  const t = 0.1;
  const s0 = (1 - L.bias[0]! - w1 * t) / w0;
  let s = s0;
  for (let k = 1; k < 100; k++) {
    s = s0 + (k / 100) * (size / 2);
    const zc = w0 * s + w1 * t + L.bias[0]!;
    if (Math.abs(Math.fround(zc) - zc) / Math.hypot(w0, w1) > 2 * pixel) break;
  }
  const view = { x0: s - size / 2, x1: s + size / 2, y0: t - size / 2, y1: t + size / 2 };

  it('is drawn by the CPU renderer, which the engine agrees with; the GPU forced there disagrees', async () => {
    const page = await open();
    await show(page, net, view);
    const i = await info(page);
    expect(i.renderer).toBe('cpu');
    expect(i.reason).toMatch(/float32/);
    expect(await page.evaluate(() => document.getElementById('renderer-banner')!.hidden)).toBe(false);
    const cpu = await idAgreement(page, net, view);
    expect(cpu).toBe(1);

    const forced = await open('?renderer=webgl2');
    await show(forced, net, view);
    expect((await info(forced)).renderer).toBe('webgl2');
    const gpu = await idAgreement(forced, net, view);
    console.log(
      `hardtanh 1e-6 window: CPU renderer ${(100 * cpu).toFixed(2)}% of region ids agree with the engine, ` +
        `the GPU forced ${(100 * gpu).toFixed(2)}%`,
    );
    expect(gpu).toBeLessThan(0.99);
  });
});
