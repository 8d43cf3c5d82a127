/**
 * The explorer as a user and a script see it: URL-hash state, errors that keep the state, the scripting API's
 * counts against the engine, the exact-polygon overlay and pinning, model files, and the program cache.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { evaluateGrid, evaluatePoint, patternHash, patternHashInto } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { type AppPage, useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

const state = (a: AppPage) => a.page.evaluate(() => window.reluOrigami!.getState());

describe('explorer page', () => {
  it('reports a malformed hash, uses defaults for the bad fields and keeps the good ones', async () => {
    const a = await open('#arch=2-0-1&act=softmax&seed=5&view=1,0,0,1&mode=gradient');
    const s = await state(a);
    expect(s.architecture.widths).toEqual([2, 16, 16, 16, 1]);
    expect(s.architecture.activation).toBe('relu');
    expect(s.architecture.seed).toBe(5);
    expect(s.mode).toBe('gradient');
    const msgs = await a.page.evaluate(() => window.reluOrigami!.messages());
    expect(msgs.join('\n')).toContain('arch=2-0-1 is invalid');
    expect(msgs.join('\n')).toContain('view=1,0,0,1 is invalid');
    expect(await a.page.$eval('#messages', (e) => e.textContent)).toContain('act=softmax is invalid');
    // The address bar now holds the state actually shown.
    expect(await a.page.evaluate(() => location.hash)).toContain('mode=gradient');
    await a.page.close();
  });

  it('rejects an invalid model with path-precise messages and keeps the current one', async () => {
    const a = await open('#arch=2-8-8-1&seed=2');
    const err = await a.page.evaluate(() =>
      window
        .reluOrigami!.setModel({
          inputDim: 2,
          layers: [{ weights: [[1, 2], [3]], bias: [0, 0], activation: 'relu' }],
        })
        .then(() => 'resolved')
        .catch((e: Error) => e.message),
    );
    expect(err).toContain('layers[0].weights[1] has 1 entries, expected 2');
    // A valid model wider than the GPU renderer supports is drawn by the CPU renderer, with the reason.
    const wide = await a.page.evaluate(() => {
      const weights = Array.from({ length: 4097 }, (_, j) => [Math.cos(j), Math.sin(j)]);
      const model = {
        inputDim: 2,
        layers: [
          { weights, bias: new Array(4097).fill(0), activation: 'relu' },
          { weights: [new Array(4097).fill(0.01)], bias: [0], activation: 'linear' },
        ],
      };
      return window.reluOrigami!.setModel(model).then(
        () => 'resolved',
        (e: Error) => e.message,
      );
    });
    expect(wide).toBe('resolved');
    const info = await a.page.evaluate(() => window.reluOrigami!.info());
    expect(info.renderer).toBe('cpu');
    expect(info.reason).toContain('wider than the renderer supports');
    expect((await a.page.evaluate(() => window.reluOrigami!.messages())).join('\n')).toContain(
      '4097 neurons',
    );
    expect((await state(a)).model).toBe('scripted model');
    // A network the GPU can draw goes back to it.
    await a.page.evaluate(() => window.reluOrigami!.setHash('#arch=2-8-8-1&act=relu&seed=1'));
    expect(await a.page.evaluate(() => window.reluOrigami!.info().renderer)).toBe('webgl2');
    const s = await state(a);
    expect(s.model).toBeNull();
    expect(s.architecture.widths).toEqual([2, 8, 8, 1]);
    await a.page.close();
  });

  it('counts visible regions like the engine, and the exact count like enumerateRegions', async () => {
    const a = await open('', 160, 120);
    const net = initNetwork({ widths: [2, 10, 10, 1], activation: 'relu', seed: 21 });
    const view = { x0: -2, x1: 2, y0: -1.5, y1: 1.5 };
    const r = await a.page.evaluate(
      async (model, v) => {
        const api = window.reluOrigami!;
        await api.resize(160, 120);
        await api.setModel(model);
        await api.setView(v);
        await api.render();
        return {
          size: [
            (document.getElementById('view') as HTMLCanvasElement).width,
            (document.getElementById('view') as HTMLCanvasElement).height,
          ],
          visible: await api.countVisibleRegions(),
          exact: await api.exactRegions(),
        };
      },
      toModelJson(net) as unknown as Record<string, unknown>,
      view,
    );
    expect(r.size).toEqual([160, 120]);
    const cpu = evaluateGrid(net, planeMap(2, undefined) as PlaneMap, view, 160, 120);
    const distinct = new Set<string>();
    for (let p = 0; p < 160 * 120; p++) distinct.add(`${cpu.ids[2 * p]},${cpu.ids[2 * p + 1]}`);
    const e = enumerateRegions(net, view);
    if (typeof e === 'string') throw new Error(e);
    console.log(
      `visible ${r.visible} (CPU pixels: ${distinct.size}), exact ${r.exact.count} (engine: ${e.count})`,
    );
    expect(r.visible).toBe(distinct.size);
    expect(r.exact).toEqual({ count: e.count, complete: true });
    expect(r.exact.count).toBeGreaterThanOrEqual(r.visible);
    await a.page.close();
  });

  it('gives a 3-input model a default plane and draws it', async () => {
    const a = await open('', 64, 64);
    const net = initNetwork({ widths: [3, 8, 1], activation: 'relu', seed: 4 });
    const s = await a.page.evaluate(
      async (model) => {
        await window.reluOrigami!.setModel(model);
        await window.reluOrigami!.render();
        return window.reluOrigami!.getState();
      },
      toModelJson(net) as unknown as Record<string, unknown>,
    );
    expect(s.model).toBe('scripted model');
    const ids = await a.page.evaluate(async () =>
      Array.from((await window.reluOrigami!.readRegionIds()).ids),
    );
    const cpu = evaluateGrid(
      net,
      planeMap(3, [
        [0, 0, 0],
        [1, 0, 0],
        [0, 1, 0],
      ]) as PlaneMap,
      s.view,
      64,
      64,
    );
    let agree = 0;
    for (let p = 0; p < 64 * 64; p++)
      if (ids[2 * p] === cpu.ids[2 * p] && ids[2 * p + 1] === cpu.ids[2 * p + 1]) agree++;
    expect(agree / (64 * 64)).toBeGreaterThanOrEqual(0.995);
    await a.page.close();
  });

  it('loads a model file through the picker; a bad file is reported and the model kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relu-origami-'));
    const good = join(dir, 'tiny.json');
    const bad = join(dir, 'broken.json');
    writeFileSync(
      good,
      JSON.stringify(toModelJson(initNetwork({ widths: [2, 6, 1], activation: 'abs', seed: 3 }))),
    );
    writeFileSync(
      bad,
      '{"inputDim": 2, "layers": [{"weights": [[1, 2]], "bias": [0], "activation": "gelu"}]}',
    );
    const a = await open('', 120, 120);
    const input = (await a.page.$('#file')) as ElementHandle<HTMLInputElement> | null;
    await input!.uploadFile(good);
    await a.page.waitForFunction(() => window.reluOrigami!.getState().model === 'tiny.json');
    await a.page.waitForFunction(() => location.hash.includes('model=tiny.json'));
    await input!.uploadFile(bad);
    await a.page.waitForFunction(() =>
      document.getElementById('messages')!.textContent!.includes('broken.json'),
    );
    const text = await a.page.$eval('#messages', (e) => e.textContent);
    expect(text).toContain('layers[0].activation is the string "gelu"');
    expect((await state(a)).model).toBe('tiny.json');
    // Drag and drop: a dropped model file is loaded the same way.
    const dropped = JSON.stringify(
      toModelJson(initNetwork({ widths: [2, 5, 1], activation: 'relu', seed: 8 })),
    );
    await a.page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, dropped);
    await a.page.waitForFunction(() => window.reluOrigami!.getState().model === 'dropped.json');
    await input!.uploadFile(good);
    await a.page.waitForFunction(() => window.reluOrigami!.getState().model === 'tiny.json');
    // A reload finds the model again (localStorage), by the name in the hash.
    await a.page.reload({ waitUntil: 'load' });
    await a.page.waitForFunction(() => window.reluOrigami !== undefined);
    expect((await state(a)).model).toBe('tiny.json');
    await a.page.close();
  });

  it('draws the exact CPU polygons on the GPU boundaries, and pins the clicked region with its exact area', async () => {
    const a = await open('#arch=2-10-10-1&act=relu&seed=3&view=-2,2,-2,2&mode=regions&b=0&poly=1', 500, 300);
    const W = 500;
    const H = 300;
    // Exactly [-2, 2]^2 on the 5:3 canvas (the click below is placed in that window), not the fitted view.
    await a.page.evaluate(() =>
      window.reluOrigami!.setView({ x0: -2, x1: 2, y0: -2, y1: 2 }, { exact: true }),
    );
    const r = await a.page.evaluate(async () => {
      const api = window.reluOrigami!;
      await api.exactRegions();
      await api.render();
      const c = document.getElementById('view') as HTMLCanvasElement;
      const gl = c.getContext('webgl2')!;
      const px = new Uint8Array(c.width * c.height * 4);
      gl.readPixels(0, 0, c.width, c.height, gl.RGBA, gl.UNSIGNED_BYTE, px);
      const { ids } = await api.readRegionIds();
      return { px: Array.from(px), ids: Array.from(ids) };
    });
    // Rows of readPixels are bottom-up; ids are top-down.
    const yellowAt = (i: number, j: number) => {
      const q = 4 * ((H - 1 - j) * W + i);
      return r.px[q]! > 200 && r.px[q + 1]! > 180 && r.px[q + 2]! < 90;
    };
    const id = (i: number, j: number) => `${r.ids[2 * (j * W + i)]},${r.ids[2 * (j * W + i) + 1]}`;
    let yellow = 0;
    let onBoundary = 0;
    for (let j = 1; j < H - 1; j++) {
      for (let i = 1; i < W - 1; i++) {
        if (!yellowAt(i, j)) continue;
        yellow++;
        const here = new Set<string>();
        for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) here.add(id(i + di, j + dj));
        if (here.size > 1) onBoundary++;
      }
    }
    console.log(`polygon overlay: ${yellow} pixels, ${onBoundary} within one pixel of a GPU region boundary`);
    expect(yellow).toBeGreaterThan(1000);
    expect(onBoundary / yellow).toBeGreaterThan(0.99);

    // Hover at CSS (100, 150): plane point (-1.2, 0); the inspector shows the engine's region id and gradient.
    await a.page.mouse.move(100, 150);
    await a.page.waitForFunction(() => document.getElementById('inspector')!.textContent!.includes('region'));
    const inspector = (await a.page.$eval('#inspector', (e) => e.textContent))!;
    const at = evaluatePoint(initNetwork({ widths: [2, 10, 10, 1], activation: 'relu', seed: 3 }), [-1.2, 0]);
    expect(inspector).toContain(`region ${patternHash(at.pattern).toString(16).padStart(16, '0')}`);
    expect(inspector).toContain(`|grad f0| = ${Math.hypot(at.gradient[0]!, at.gradient[1]!).toPrecision(5)}`);
    // Click there: the pinned area is the engine's.
    await a.page.mouse.click(100, 150);
    await a.page.waitForFunction(() =>
      document.getElementById('messages')!.textContent!.startsWith('Pinned region'),
    );
    const text = (await a.page.$eval('#messages', (e) => e.textContent))!;
    const net = initNetwork({ widths: [2, 10, 10, 1], activation: 'relu', seed: 3 });
    const e = enumerateRegions(net, { x0: -2, x1: 2, y0: -2, y1: 2 });
    if (typeof e === 'string') throw new Error(e);
    const ev = evaluateGrid(
      net,
      planeMap(2, undefined) as PlaneMap,
      { x0: -1.2, x1: -1.2 + 1e-12, y0: 0, y1: 1e-12 },
      1,
      1,
    );
    const region = e.regions.find((reg) => {
      const w = new Uint32Array(2);
      patternHashInto(reg.pattern, w);
      return w[0] === ev.ids[0] && w[1] === ev.ids[1];
    });
    expect(region).toBeDefined();
    const area = Number(/area ([-0-9.e+]+)/.exec(text)![1]);
    expect(area).toBeCloseTo(region!.area, 4);
    await a.page.close();
  });

  it('caps the exact count ("≥ N" in the HUD) and cancels a count when the view changes', async () => {
    const a = await open('#arch=2-24-24-1&act=relu&seed=9&view=-3,3,-3,3&mode=regions', 500, 300);
    const r = await a.page.evaluate(async () => {
      const api = window.reluOrigami!;
      await api.setExactCap(40);
      const capped = await api.exactRegions();
      const cappedHud = document.getElementById('hud')!.textContent;
      await api.setExactCap(20000);
      // A view change while counting: the answer is the new view's.
      await api.setView({ x0: -3, x1: 3, y0: -3, y1: 3 }, { exact: true });
      await api.setView({ x0: 0, x1: 0.5, y0: 0, y1: 0.5 }, { exact: true });
      const small = await api.exactRegions();
      return { capped, small, cappedHud };
    });
    const hud = await a.page.$eval('#hud', (e) => e.textContent);
    const net = initNetwork({ widths: [2, 24, 24, 1], activation: 'relu', seed: 9 });
    const full = enumerateRegions(net, { x0: -3, x1: 3, y0: -3, y1: 3 });
    const small = enumerateRegions(net, { x0: 0, x1: 0.5, y0: 0, y1: 0.5 });
    if (typeof full === 'string' || typeof small === 'string') throw new Error('enumeration failed');
    expect(full.count).toBeGreaterThan(40);
    expect(r.capped.complete).toBe(false);
    expect(r.capped.count).toBeGreaterThanOrEqual(40);
    expect(r.capped.count).toBeLessThan(full.count);
    expect(r.cappedHud).toContain(`≥ ${r.capped.count} regions (stopped at cap of 40 regions`);
    expect(r.small).toEqual({ count: small.count, complete: true });
    expect(hud).toContain(`exact ${small.count}`);
    await a.page.close();
  });

  it('a hash naming a model that is not loaded reports it and shows the rest of the state', async () => {
    const a = await open('#model=elsewhere.json&act=abs&seed=4&view=-1,1,-1,1&mode=gradient', 300, 300);
    const s = await state(a);
    expect(s.model).toBeNull();
    expect(s.mode).toBe('gradient');
    expect(s.view).toEqual({ x0: -1, x1: 1, y0: -1, y1: 1, plane: null });
    expect(s.architecture.activation).toBe('abs');
    expect((await a.page.evaluate(() => window.reluOrigami!.messages())).join('\n')).toContain(
      'model "elsewhere.json" is not loaded',
    );
    expect(await a.page.evaluate(() => location.hash)).not.toContain('model=');
    await a.page.close();
  });

  it('new weights of the same architecture reuse the compiled programs; a new architecture compiles its own', async () => {
    const a = await open('', 64, 64);
    const model = (widths: number[], seed: number) =>
      toModelJson(initNetwork({ widths, activation: 'relu', seed })) as unknown as Record<string, unknown>;
    const programs = await a.page.evaluate(
      async (m1, m2, m3) => {
        const api = window.reluOrigami!;
        const counts: number[] = [];
        for (const m of [m1, m2, m3]) {
          await api.setModel(m);
          await api.render();
          await api.readRegionIds();
          counts.push(api.info().programs);
        }
        return counts;
      },
      model([2, 7, 5, 1], 1),
      model([2, 7, 5, 1], 2),
      model([2, 7, 6, 1], 1),
    );
    expect(programs[1]).toBe(programs[0]);
    expect(programs[2]).toBeGreaterThan(programs[1]!);
    await a.page.close();
  });

  it('saves the current network as a relu-origami/1 file that reloads to the same network', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relu-origami-save-'));
    const a = await open('#arch=2-6-5-1&act=leaky_relu&alpha=0.2&seed=12', 900, 700);
    const cdp = await a.page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
    await a.page.evaluate(() => {
      for (const b of document.querySelectorAll('.lil-gui button')) {
        if (b.textContent === 'save model') (b as HTMLButtonElement).click();
      }
    });
    const file = join(dir, 'relu-origami-6-5-1.json');
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
    const saved = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const net = initNetwork({ widths: [2, 6, 5, 1], activation: 'leaky_relu', alpha: 0.2, seed: 12 });
    // Node's and Chromium's Math.log / Math.cos may differ in the last bit, so weights are compared to 1e-12.
    const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
    const expected = toModelJson(net);
    const got = saved as typeof expected;
    expect({ ...got, layers: got.layers.map((l) => l.activation) }).toEqual({
      ...expected,
      layers: expected.layers.map((l) => l.activation),
    });
    expect(got.layers.map((l) => l.alpha)).toEqual(expected.layers.map((l) => l.alpha));
    const a1 = flat(got.layers.map((l) => [l.weights, l.bias])) as number[];
    const a2 = flat(expected.layers.map((l) => [l.weights, l.bias])) as number[];
    expect(a1).toHaveLength(a2.length);
    let worst = 0;
    for (let i = 0; i < a1.length; i++)
      worst = Math.max(worst, Math.abs(a1[i]! - a2[i]!) / Math.max(1, Math.abs(a2[i]!)));
    expect(worst).toBeLessThanOrEqual(1e-12);
    await a.page.close();
  });

  it('recovers from a lost WebGL context without a reload, with the same state', async () => {
    const hash = '#arch=2-9-9-1&act=abs&seed=13&view=-1,2,-1,1&mode=gradient';
    const a = await open(hash, 300, 200);
    await a.page.evaluate(() => {
      (window as unknown as { pageMarker: number }).pageMarker = 7;
      const gl = (document.getElementById('view') as HTMLCanvasElement).getContext('webgl2')!;
      const ext = gl.getExtension('WEBGL_lose_context')!;
      ext.loseContext();
      setTimeout(() => ext.restoreContext(), 100);
    });
    await a.page.waitForFunction(() => {
      const i = window.reluOrigami!.info();
      return i.renderer === 'webgl2' && !i.contextLost;
    });
    await a.page.evaluate(() => window.reluOrigami!.render());
    expect(await a.page.evaluate(() => (window as unknown as { pageMarker?: number }).pageMarker)).toBe(7);
    const s = await state(a);
    expect(s.architecture.widths).toEqual([2, 9, 9, 1]);
    expect(s.mode).toBe('gradient');
    expect(s.view).toEqual({ x0: -1, x1: 2, y0: -1, y1: 1, plane: null });
    // The rebuilt GL renderer's |grad f| agrees with the engine.
    const g = await a.page.evaluate(async () => Array.from(await window.reluOrigami!.readValues('gradient')));
    const net = initNetwork({ widths: [2, 9, 9, 1], activation: 'abs', seed: 13 });
    const cpu = evaluateGrid(net, planeMap(2, undefined) as PlaneMap, s.view, 300, 200);
    let close = 0;
    for (let p = 0; p < 300 * 200; p++) {
      if (Math.abs(g[p]! - cpu.gradientNorm[p]!) <= 1e-4 * (1 + cpu.gradientNorm[p]!)) close++;
    }
    expect(close / (300 * 200)).toBeGreaterThan(0.99);
    await a.page.close();
  });
});
