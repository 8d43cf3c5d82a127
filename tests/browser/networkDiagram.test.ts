/**
 * The network diagram: the neurons' thumbnails (GPU readback of each neuron's state) against the engine's
 * pre-activation signs at the same pixel centres, the links, hovering (the probe on the map), the cap on
 * wide layers, and the weight editor (an invalid entry keeps the network; a valid one changes the map).
 */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

describe('network diagram', () => {
  it('draws GPU thumbnails that match the engine, hovers, caps wide layers and edits weights', async () => {
    const net = initNetwork({ widths: [2, 4, 3, 1], activation: 'relu', seed: 6 });
    const a = await open('#view=-2,2,-2,2', 800, 600);
    const { page } = a;
    await page.evaluate(async (model) => {
      await window.reluOrigami!.setModel(model);
      // Exactly [-2, 2]^2 (the thumbnails' pixels are checked against it), not fitted to the 4:3 canvas.
      await window.reluOrigami!.setView({ x0: -2, x1: 2, y0: -2, y1: 2 }, { exact: true });
      await window.reluOrigami!.render();
      window.reluOrigamiViews!.dock.show('network');
      window.reluOrigamiViews!.network.refresh();
    }, toModelJson(net) as unknown);
    const fig = await page.evaluate(() => window.reluOrigamiViews!.network.figures());
    expect(fig.shown).toEqual([2, 4, 3, 1]);
    expect(fig.thumbnails).toBe(8);
    expect(fig.links).toBe(2 * 4 + 4 * 3 + 3 * 1);
    // Neuron 0.0's thumbnail sits at (88, 8) of the diagram (column 1, first of 4 rows); its pixel (i, j)
    // is the view's pixel centre s = -2 + (i + 0.5) / 6, t = 2 - (j + 0.5) / 6 at 24 x 24.
    const px = await page.evaluate(() => {
      const c = document.querySelector('canvas.network-diagram') as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(88, 8, 24, 24).data);
    });
    const L = net.layers[0]!;
    let agree = 0;
    let edges = 0;
    for (let j = 0; j < 24; j++) {
      for (let i = 0; i < 24; i++) {
        const s = -2 + (i + 0.5) / 6;
        const t = 2 - (j + 0.5) / 6;
        const on = L.weights[0]! * s + L.weights[1]! * t + L.bias[0]! > 0;
        const p = 4 * (j * 24 + i);
        const rgb = px.slice(p, p + 3);
        if (rgb.every((v) => v === 255)) {
          edges++;
          continue;
        }
        const bright = Math.max(...rgb) > 100;
        if (bright === on) agree++;
      }
    }
    expect(agree + edges).toBe(576);
    expect(edges).toBeLessThan(60);
    // Hover neuron 1.2 (column 2, 3 rows centred: y = 8 + 15 + 60): the probe shows its zero set.
    const box = await page.evaluate(() => {
      const r = document.querySelector('canvas.network-diagram')!.getBoundingClientRect();
      return { x: r.left, y: r.top };
    });
    await page.mouse.move(box.x + 168 + 12, box.y + 83 + 12);
    expect((await page.evaluate(() => window.reluOrigami!.getState())).probe).toEqual([1, 2]);
    await page.mouse.move(box.x - 30, box.y - 30);
    expect((await page.evaluate(() => window.reluOrigami!.getState())).probe).toBeNull();
    // Edit neuron 0.0's bias: a bad entry keeps the network, a good one loads the edited network.
    const before = await page.evaluate(async () => {
      const r = await window.reluOrigami!.readRegionIds();
      return new Set(Array.from(r.ids.filter((_, k) => k % 2 === 0))).size;
    });
    await page.mouse.click(box.x + 88 + 12, box.y + 8 + 12);
    const inputs = await page.$$('.network-editor input');
    expect(inputs.length).toBe(3);
    const bias = inputs[2]!;
    await bias.click({ clickCount: 3 });
    await bias.type('abc');
    expect(await page.evaluate(() => window.reluOrigami!.getState().model)).toBe(
      net.name ?? 'scripted model',
    );
    expect(await page.$eval('.network-editor', (e) => e.textContent)).toContain('is not a finite number');
    await bias.click({ clickCount: 3 });
    await bias.type('2.5');
    expect(await page.evaluate(() => window.reluOrigami!.getState().model)).toBe('edited network');
    await page.evaluate(() => window.reluOrigami!.render());
    const after = await page.evaluate(async () => {
      const r = await window.reluOrigami!.readRegionIds();
      return new Set(Array.from(r.ids.filter((_, k) => k % 2 === 0))).size;
    });
    // The new bias moves neuron 0.0's line: the number of distinct patterns on the map changes.
    expect(after).not.toBe(before);
    await page.close();
  });

  it('shows at most 16 neurons of a wide layer, with a note', async () => {
    const a = await open('#arch=2-40-8-1&view=-2,2,-2,2', 800, 600);
    const { page } = a;
    const fig = await page.evaluate(() => {
      window.reluOrigamiViews!.dock.show('network');
      window.reluOrigamiViews!.network.refresh();
      return window.reluOrigamiViews!.network.figures();
    });
    expect(fig.shown).toEqual([2, 16, 8, 1]);
    expect(fig.notes).toEqual(['layer 0: 16 of 40 shown']);
    expect(fig.links).toBe(2 * 16 + 16 * 8 + 8);
    await page.close();
  });
});
