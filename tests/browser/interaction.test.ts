import type { ElementHandle } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { type AppPage, useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

const state = (a: AppPage) => a.page.evaluate(() => window.reluOrigami!.getState());

describe('explorer interaction', () => {
  it('zooms about the cursor with the wheel, pans by dragging, and resets with r', async () => {
    // 500 x 300 CSS pixels: the left part of the canvas is clear of the GUI panel. The link's window is
    // fitted to the canvas (square pixels): [-5, 5] x [-3, 3].
    const a = await open('#view=-3,3,-3,3', 500, 300);
    const { page } = a;
    let v = (await state(a)).view;
    expect(v).toEqual({ x0: -5, x1: 5, y0: -3, y1: 3, plane: null });
    await page.mouse.move(100, 200);
    await page.mouse.wheel({ deltaY: -200 });
    await page.waitForFunction(
      () => window.reluOrigami!.getState().view.x1 - window.reluOrigami!.getState().view.x0 < 10,
    );
    v = (await state(a)).view;
    const factor = Math.exp(-200 * 0.0015);
    expect(v.x1 - v.x0).toBeCloseTo(10 * factor, 9);
    expect(v.y1 - v.y0).toBeCloseTo(6 * factor, 9);
    // The plane point under the cursor, (-3, -1), stays under the cursor.
    expect(v.x0 + 0.2 * (v.x1 - v.x0)).toBeCloseTo(-3, 9);
    expect(v.y1 - (2 / 3) * (v.y1 - v.y0)).toBeCloseTo(-1, 9);
    const before = v;
    await page.mouse.move(150, 150);
    await page.mouse.down();
    await page.mouse.move(190, 130, { steps: 4 });
    await page.mouse.up();
    v = (await state(a)).view;
    expect(v.x0 - before.x0).toBeCloseTo((-40 * (before.x1 - before.x0)) / 500, 9);
    expect(v.y0 - before.y0).toBeCloseTo((-20 * (before.y1 - before.y0)) / 300, 9);
    // While dragging, frames are drawn at reduced resolution; once the pointer rests, at full resolution.
    await page.mouse.move(200, 150);
    await page.mouse.down();
    await page.mouse.move(220, 150, { steps: 2 });
    await page.waitForFunction(() => window.reluOrigami!.info().lastReduction >= 4);
    await page.mouse.up();
    await page.waitForFunction(() => window.reluOrigami!.info().lastReduction === 1);
    await page.keyboard.press('r');
    // The reset window [-3, 3]^2, fitted to the canvas.
    expect((await state(a)).view).toEqual({ x0: -5, x1: 5, y0: -3, y1: 3, plane: null });
    await page.keyboard.press('2');
    expect((await state(a)).mode).toBe('gradient');
    await page.waitForFunction(() => location.hash.includes('mode=gradient'));
    await page.close();
  });

  it('draws a heavy network over several animation frames and stays responsive', async () => {
    const a = await open('#arch=2-256-256-256-256-256-1&act=relu&seed=1&view=-1,1,-1,1', 300, 300);
    const { page } = a;
    let worst = 0;
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      await page.evaluate(() => document.title);
      worst = Math.max(worst, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 150));
    }
    console.log(`page round trip while drawing 2-256x5-1 at 300 x 300: worst ${worst.toFixed(0)} ms`);
    // A whole frame is about 2.4e10 multiply-adds (a minute or more on SwiftShader); steps adapt to ~50 ms.
    expect(worst).toBeLessThan(5000);
    // A new state abandons the frame in progress and is drawn.
    await page.evaluate(() => window.reluOrigami!.setHash('#arch=2-4-1&seed=2&view=-1,1,-1,1'));
    await page.waitForFunction(
      () => /regions visible \d/.test(document.getElementById('hud')!.textContent!),
      {
        timeout: 20_000,
      },
    );
    await page.close();
  });

  it('the lil-gui panel edits the state, and the URL hash follows', async () => {
    const a = await open('#arch=2-16-16-1&act=relu&seed=1&view=-3,3,-3,3', 900, 700);
    const { page } = a;
    const input = async (name: string) => {
      const handle = await page.evaluateHandle((n) => {
        for (const c of document.querySelectorAll('.lil-gui .lil-controller')) {
          if (c.querySelector('.lil-name')?.textContent === n) return c.querySelector('input, select');
        }
        return null;
      }, name);
      return handle.asElement() as ElementHandle<HTMLInputElement | HTMLSelectElement>;
    };
    const widths = await input('hidden widths');
    await widths.click({ clickCount: 3 });
    await widths.type('8, 8, 8');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.includes('arch=2-8-8-8-1'));
    await (await input('activation')).select('hardtanh');
    await page.waitForFunction(() => location.hash.includes('act=hardtanh'));
    await (await input('mode')).select('layer');
    await page.waitForFunction(() => location.hash.includes('mode=layer'));
    const s = await state(a);
    expect(s.architecture.widths).toEqual([2, 8, 8, 8, 1]);
    expect(s.architecture.activation).toBe('hardtanh');
    expect(s.mode).toBe('layer');
    // A bad width list is reported and the network kept.
    await widths.click({ clickCount: 3 });
    await widths.type('8, 0');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.getElementById('messages')!.textContent!.includes('widths must be'),
    );
    expect((await state(a)).architecture.widths).toEqual([2, 8, 8, 8, 1]);
    await page.close();
  });

  it('pinch-zooms with two touches', async () => {
    const a = await open('#view=-3,3,-3,3', 500, 300);
    const { page } = a;
    await page.setViewport({ width: 500, height: 300, deviceScaleFactor: 1, hasTouch: true });
    await page.evaluate(() => window.reluOrigami!.resize(500, 300));
    const t1 = await page.touchscreen.touchStart(100, 150);
    const t2 = await page.touchscreen.touchStart(200, 150);
    for (const x of [225, 250, 275, 300]) await t2.move(x, 150);
    await t2.end();
    await t1.end();
    await page.waitForFunction(
      () => window.reluOrigami!.getState().view.x1 - window.reluOrigami!.getState().view.x0 < 6,
    );
    const v = (await state(a)).view;
    // The fingers' distance doubled (100 to 200 CSS pixels): the view (fitted to [-5, 5] x [-3, 3]) is
    // half as wide and half as high.
    expect(v.x1 - v.x0).toBeCloseTo(5, 9);
    expect(v.y1 - v.y0).toBeCloseTo(3, 9);
    await page.close();
  });
});
