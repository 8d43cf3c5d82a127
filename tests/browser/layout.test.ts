/**
 * The explorer's layout (docs/layout.md): at 1024 x 768 and 1920 x 1080 the visible panels (map canvas,
 * settings, dock, HUD, inspector, messages) never overlap and stay inside the viewport, with each of the
 * dock's panels open; every way a view is set gives square pixels; and a PNG exported with axes holds the
 * engine's picture, pixel for pixel, inside the plot rectangle its layout reports.
 */

import { PNG } from 'pngjs';
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { defaultLook, exportLineWidth } from '../../src/state/look.ts';
import { useExplorerPages } from './harness.ts';
import { differingPixels, referenceImage } from './referenceImage.ts';

const { open } = useExplorerPages();

/** The bounding boxes of the visible panels, by name (CSS pixels). */
async function panelBoxes(page: Page) {
  return page.evaluate(() => {
    const out: { name: string; x: number; y: number; w: number; h: number }[] = [];
    const add = (name: string, sel: string) => {
      const e = document.querySelector(sel) as HTMLElement | null;
      if (!e) return;
      const cs = getComputedStyle(e);
      const b = e.getBoundingClientRect();
      if (cs.display === 'none' || cs.visibility === 'hidden' || b.width === 0 || b.height === 0) return;
      out.push({ name, x: b.x, y: b.y, w: b.width, h: b.height });
    };
    add('map', '#view');
    add('gui', '.lil-gui.lil-root');
    add('dock', '.views-dock');
    add('hud', '#hud');
    add('inspector', '#inspector');
    add('messages', '#messages');
    return { boxes: out, width: window.innerWidth, height: window.innerHeight };
  });
}

/** Pairs of boxes that overlap (by more than half a pixel) and boxes outside the viewport. */
function overlaps(r: Awaited<ReturnType<typeof panelBoxes>>): string[] {
  const bad: string[] = [];
  const e = 0.5;
  for (const a of r.boxes) {
    if (a.x < -e || a.y < -e || a.x + a.w > r.width + e || a.y + a.h > r.height + e)
      bad.push(`${a.name} overflows`);
    for (const b of r.boxes) {
      if (a.name >= b.name) continue;
      const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (ix > e && iy > e) bad.push(`${a.name} overlaps ${b.name} (${ix.toFixed(1)} x ${iy.toFixed(1)})`);
    }
  }
  return bad;
}

/** |(x1 - x0) / width - (y1 - y0) / height| relative to the first, for the state's view and the canvas. */
const squareness = (page: Page) =>
  page.evaluate(() => {
    const v = window.reluOrigami!.getState().view;
    const c = document.getElementById('view') as HTMLCanvasElement;
    const sx = (v.x1 - v.x0) / c.width;
    const sy = (v.y1 - v.y0) / c.height;
    return { error: Math.abs(sx - sy) / sx, view: v, size: [c.width, c.height] };
  });

describe('layout', () => {
  for (const [W, H] of [
    [1024, 768],
    [1920, 1080],
  ] as const) {
    it(`has no overlapping panels at ${W} x ${H}, with each dock panel open`, async () => {
      const a = await open('#arch=2-5-5-1&seed=2&view=-2,2,-2,2', W, H);
      const { page } = a;
      await page.evaluate(() => window.reluOrigami!.exactRegions());
      // The inspector (hover, then a pinned region) and a message are shown.
      const box = await page.$eval('#view', (e) => {
        const b = e.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      });
      await page.mouse.click(box.x + 3, box.y + 3);
      await page.mouse.move(box.x + 10, box.y + 8);
      await page.waitForFunction(() => (document.getElementById('messages')!.textContent ?? '').length > 0);
      await page.waitForFunction(
        () => (document.querySelector('#inspector .pinned')?.textContent ?? '') !== '',
      );
      expect(await page.$eval('#inspector .pinned', (e) => e.textContent)).toMatch(/area \S+, \d+ vertices/);
      for (const tab of ['section', 'analysis', 'verify']) {
        await page.evaluate((t) => window.reluOrigamiViews!.dock.show(t), tab);
        // A message is shown for a few seconds only: on a loaded machine, show the last one again.
        await page.evaluate(() => {
          const m = document.getElementById('messages')!;
          if (!m.textContent)
            m.textContent = window
              .reluOrigami!.messages()
              .at(-1)!
              .replace(/^\w+: /, '');
        });
        const r = await panelBoxes(page);
        const names = r.boxes.map((b) => b.name).sort();
        // The inspector and the messages show only while they hold text (a message fades after a while).
        expect(names, tab).toEqual(expect.arrayContaining(['dock', 'gui', 'hud', 'map']));
        expect(overlaps(r), tab).toEqual([]);
      }
      // The map keeps square pixels as the dock opens and closes and the side panel hides.
      expect((await squareness(page)).error).toBeLessThan(1e-9);
      await page.keyboard.press('h');
      await page.waitForFunction(() => getComputedStyle(document.getElementById('side')!).display === 'none');
      await new Promise((r) => setTimeout(r, 100));
      const hidden = await panelBoxes(page);
      expect(hidden.boxes.map((b) => b.name)).not.toContain('gui');
      expect(overlaps(hidden)).toEqual([]);
      expect((await squareness(page)).error).toBeLessThan(1e-9);
      await page.close();
    });
  }

  it('gives square pixels for every way a view is set', async () => {
    const a = await open('#arch=2-6-6-1&seed=4&view=-3,3,-1,1', 1024, 768);
    const { page } = a;
    const checks: [string, number][] = [];
    const check = async (what: string) => {
      const s = await squareness(page);
      checks.push([what, s.error]);
      return s;
    };
    // A link: the requested window is wholly visible, centred, and its shorter side grew.
    let s = await check('link');
    expect(s.view.x0).toBeCloseTo(-3, 9);
    expect(s.view.x1).toBeCloseTo(3, 9);
    expect(s.view.y0).toBeLessThan(-1);
    expect((s.view.y0 + s.view.y1) / 2).toBeCloseTo(0, 12);
    await page.evaluate(() => window.reluOrigami!.setView({ x0: 0, x1: 1, y0: 0, y1: 4 }));
    s = await check('setView');
    expect([s.view.y0, s.view.y1]).toEqual([0, 4]);
    expect((s.view.x0 + s.view.x1) / 2).toBeCloseTo(0.5, 12);
    await page.evaluate(() => window.reluOrigami!.setHash('#arch=2-6-6-1&seed=4&view=-1,1,-5,5'));
    await check('setHash');
    await page.evaluate(() => {
      location.hash = '#arch=2-6-6-1&seed=4&view=10,11,0,0.25';
    });
    await page.waitForFunction(() => window.reluOrigami!.getState().view.x0 !== -1);
    s = await check('hashchange');
    expect(s.view.x0).toBeCloseTo(10, 9);
    await page.focus('#view');
    await page.keyboard.press('r');
    s = await check('reset key');
    expect(s.view.y0).toBeCloseTo(-3, 9);
    await page.setViewport({ width: 1300, height: 700, deviceScaleFactor: 1 });
    await page.waitForFunction(() => (document.getElementById('view') as HTMLCanvasElement).width > 800);
    await new Promise((r) => setTimeout(r, 200));
    await check('window resize');
    // The exact option keeps any rectangle (for tests), and is the only way to get non-square pixels.
    await page.evaluate(() => window.reluOrigami!.setView({ x0: 0, x1: 1, y0: 0, y1: 4 }, { exact: true }));
    s = await squareness(page);
    expect(s.view).toEqual({ x0: 0, x1: 1, y0: 0, y1: 4, plane: null });
    expect(s.error).toBeGreaterThan(0.1);
    for (const [what, error] of checks) expect(error, what).toBeLessThan(1e-9);
    await page.close();
  });

  it('exports a PNG with axes whose plot area is the engine picture', async () => {
    const a = await open('#arch=2-8-8-1&seed=3&view=-2,2,-1.5,1.5&mode=regions&b=1', 320, 240);
    const { page } = a;
    const r = await page.evaluate(async () => {
      const api = window.reluOrigami!;
      await api.setExactCap(0);
      const out = await api.exportPng({
        width: 420,
        height: 330,
        axes: true,
        colourBar: true,
        caption: 'a 2-8-8-1 ReLU network',
      });
      const bytes = new Uint8Array(await out.blob!.arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const c = document.getElementById('view')!;
      const canvas = [c.clientWidth, c.clientHeight];
      return { layout: out.layout!, base64: btoa(text), hash: location.hash, canvas };
    });
    const png = PNG.sync.read(Buffer.from(r.base64, 'base64'));
    expect([png.width, png.height]).toEqual([420, 330]);
    const p = r.layout.plot;
    expect(p.x).toBeGreaterThan(40);
    expect(p.y + p.height).toBeLessThan(330 - 30);
    // Square pixels in the file too: the plot has the view's aspect within a pixel.
    const { view } = await page.evaluate(() => window.reluOrigami!.getState());
    expect(Math.abs(p.width / p.height - (view.x1 - view.x0) / (view.y1 - view.y0)) * p.height).toBeLessThan(
      1,
    );
    const plot = new Uint8Array(p.width * p.height * 4);
    for (let j = 0; j < p.height; j++)
      plot.set(
        png.data.subarray(((p.y + j) * 420 + p.x) * 4, ((p.y + j) * 420 + p.x + p.width) * 4),
        j * p.width * 4,
      );
    // The export scales the lines with the plot (state/look.ts exportLineWidth), and so does the reference.
    const lw = exportLineWidth(defaultLook().lineWidth, p.width, p.height, r.canvas[0]!, r.canvas[1]!);
    const ref = referenceImage(r.hash, p.width, p.height, undefined, lw);
    const n = differingPixels(plot, ref);
    console.log(`framed export: ${n} of ${p.width * p.height} plot pixels differ from the engine`);
    expect(n / (p.width * p.height)).toBeLessThanOrEqual(0.01);
    // The margins hold the frame, not the map: the corner is the theme's background, the left margin has
    // tick labels (pixels far from the background).
    expect([...png.data.subarray(0, 3)]).toEqual([0x11, 0x13, 0x18]);
    let ink = 0;
    for (let j = p.y; j < p.y + p.height; j++)
      for (let i = 0; i < p.x - 2; i++) if (png.data[(j * 420 + i) * 4]! > 128) ink++;
    expect(ink).toBeGreaterThan(50);
    await page.close();
  });
});
