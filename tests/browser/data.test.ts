/**
 * Data on the map: CSV text through the API (bad rows refused by line, the data kept), the points drawn on
 * the data layer in their class colours where the view puts them, and the data editor: click, Shift-click
 * and right-click edit the points while a drag still pans and no region is pinned.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { CLASS_COLOURS } from '../../src/render/palette.ts';
import { type AppPage, useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

/** The data layer's RGBA at CSS pixel (x, y) (device scale 1). */
const layerPixel = (a: AppPage, x: number, y: number) =>
  a.page.evaluate(
    (px, py) => {
      const c = document.querySelector('canvas.data-layer') as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(px, py, 1, 1).data);
    },
    x,
    y,
  );

describe('data on the map', () => {
  it('loads CSV points, refuses bad rows by line, and draws the points in their class colours', async () => {
    // 400 x 300 CSS pixels, view [-2, 2] x [-1.5, 1.5]: 100 pixels per unit, (0, 0) at pixel (200, 150).
    const a = await open('#arch=2-8-8-1&view=-2,2,-1.5,1.5', 400, 300);
    const { page } = a;
    await page.evaluate(() => window.reluOrigami!.setData('x,y,label\n-1,0.5,0\n1,-0.5,1\n'));
    const bad = await page.evaluate(() =>
      window.reluOrigami!.setData('x,y,label\n0,0,1\n0,zero,1\n1,2\n').then(
        () => 'accepted',
        (e: Error) => e.message,
      ),
    );
    expect(bad).toContain('line 3: y is "zero", expected a finite number');
    expect(bad).toContain('line 4: has 2 columns, expected 3');
    const wrongDim = await page.evaluate(() =>
      window.reluOrigami!.setData({ x: [[1, 2, 3]], y: [0] }).then(
        () => 'accepted',
        (e: Error) => e.message,
      ),
    );
    expect(wrongDim).toBe('the data has 3 input columns, the network has 2 inputs');
    const d = await page.evaluate(() => window.reluOrigami!.data());
    expect(d).toEqual({
      kind: 'classification',
      classes: 2,
      inputDim: 2,
      x: [
        [-1, 0.5],
        [1, -0.5],
      ],
      y: [0, 1],
    });
    await page.evaluate(() => window.reluOrigami!.render());
    // Point 0 at (-1, 0.5) is pixel (100, 100); point 1 at (1, -0.5) is pixel (300, 200).
    expect((await layerPixel(a, 100, 100)).slice(0, 3)).toEqual([...CLASS_COLOURS[0]!]);
    expect((await layerPixel(a, 300, 200)).slice(0, 3)).toEqual([...CLASS_COLOURS[1]!]);
    // The outline is dark, outside it the layer is clear.
    const rim = await layerPixel(a, 104, 100);
    expect(Math.max(...rim.slice(0, 3))).toBeLessThan(60);
    expect((await layerPixel(a, 110, 100))[3]).toBe(0);
    await page.close();
  });

  it('reads CSV files from the file picker by content, and keeps the data on a bad file', async () => {
    const a = await open('#arch=2-8-1&view=-2,2,-1.5,1.5', 400, 300);
    const { page } = a;
    const dir = mkdtempSync(join(tmpdir(), 'relu-origami-data-'));
    const good = join(dir, 'points.txt');
    writeFileSync(good, '# two points\n0.5;1;0\n-1;2;1\n');
    const bad = join(dir, 'more.csv');
    writeFileSync(bad, 'x,y,label\n1,2,0\n1,2,-3\n');
    const input = (await page.$('input#file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(good);
    await page.waitForFunction(() => window.reluOrigami!.data() !== null);
    expect((await page.evaluate(() => window.reluOrigami!.data()))!.x).toEqual([
      [0.5, 1],
      [-1, 2],
    ]);
    await input.uploadFile(bad);
    await page.waitForFunction(() =>
      window.reluOrigami!.messages().some((m) => m.includes('more.csv was not loaded')),
    );
    const msgs = await page.evaluate(() => window.reluOrigami!.messages());
    expect(msgs.join('\n')).toContain('line 3: the label is -3, expected an integer class from 0 to 65535');
    expect((await page.evaluate(() => window.reluOrigami!.data()))!.y).toEqual([0, 1]);
    // The model was not touched by either file.
    expect(await page.evaluate(() => window.reluOrigami!.getState().model)).toBeNull();
    await page.close();
  });

  it('edits points with clicks while the data editor is on, and still pans by dragging', async () => {
    // 800 x 300 CSS pixels, view [-4, 4] x [-1.5, 1.5]: (0, 0) at pixel (400, 150), clear of the panel.
    const a = await open('#arch=2-8-8-1&view=-4,4,-1.5,1.5', 800, 300);
    const { page } = a;
    await page.evaluate(() => window.reluOrigami!.setData({ x: [[-1, 0]], y: [0] }));
    await page.focus('#view');
    await page.keyboard.press('e');
    await page.mouse.click(500, 150);
    await page.keyboard.down('Shift');
    await page.mouse.click(400, 50);
    await page.keyboard.up('Shift');
    let d = (await page.evaluate(() => window.reluOrigami!.data()))!;
    // Class 1 (the current class) at (1, 0), then class 0 (the other class) at (0, 1).
    expect(d.y).toEqual([0, 1, 0]);
    expect(d.x[1]![0]).toBeCloseTo(1, 9);
    expect(d.x[1]![1]).toBeCloseTo(0, 9);
    expect(d.x[2]![0]).toBeCloseTo(0, 9);
    expect(d.x[2]![1]).toBeCloseTo(1, 9);
    // The Shift-click drew no cross-section.
    expect((await page.evaluate(() => window.reluOrigami!.getState())).views.section).toBeNull();
    // A right-click near (-1, 0) removes point 0; one far from every point removes nothing.
    await page.mouse.click(305, 148, { button: 'right' });
    await page.mouse.click(20, 280, { button: 'right' });
    d = (await page.evaluate(() => window.reluOrigami!.data()))!;
    expect(d.y).toEqual([1, 0]);
    // A drag pans and adds nothing.
    const before = (await page.evaluate(() => window.reluOrigami!.getState())).view;
    await page.mouse.move(150, 150);
    await page.mouse.down();
    await page.mouse.move(190, 150, { steps: 4 });
    await page.mouse.up();
    const after = (await page.evaluate(() => window.reluOrigami!.getState())).view;
    expect(after.x0 - before.x0).toBeCloseTo(-0.4, 9);
    expect((await page.evaluate(() => window.reluOrigami!.data()))!.y).toEqual([1, 0]);
    // Off again: a click pins (or tries to) instead of adding a point.
    await page.keyboard.press('e');
    await page.mouse.click(500, 150);
    expect((await page.evaluate(() => window.reluOrigami!.data()))!.y).toEqual([1, 0]);
    await page.close();
  });

  it('draws points of a 5-input network on the plane, faded by their distance to it', async () => {
    const plane = '0,0,0,0,0;1,0,0,0,0;0,1,0,0,0';
    const a = await open(`#arch=5-8-1&view=-2,2,-1.5,1.5&plane=${plane}`, 400, 300);
    const { page } = a;
    const err = await page.evaluate(() =>
      window
        .reluOrigami!.setData({
          x: [
            [-1, 0.5, 0, 0, 0],
            [1, -0.5, 0, 0.4, 0],
          ],
          y: [0, 1],
        })
        .then(
          () => '',
          (e: Error) => e.message,
        ),
    );
    expect(err).toBe('');
    await page.evaluate(() => window.reluOrigami!.render());
    const on = await layerPixel(a, 100, 100);
    const off = await layerPixel(a, 300, 200);
    expect(on[3]).toBe(255);
    // Distance 0.4, fade scale 4 / 20 = 0.2: opacity 1 / (1 + 4) = 0.2.
    expect(off[3]! / 255).toBeCloseTo(0.2, 1);
    await page.close();
  });
});
