/**
 * The overlay's lines in CSS pixels: the exact polygons drawn as quads of the look's width. On a network of
 * one neuron (one line across the view, two regions, coloured by f, whose map holds no yellow) the overlay's
 * yellow pixels grow in proportion to the width: a band of width w along the same edges has w times the area
 * of a band of width 1.
 */

import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { useExplorerPages } from './harness.ts';
import { differingPixels, referenceImage } from './referenceImage.ts';

const { open } = useExplorerPages();

/** Pixels of the canvas drawn in the overlay's yellow (255, 230, 26 at 0.9 over the map). */
async function yellowPixels(page: Awaited<ReturnType<typeof open>>['page'], hash: string): Promise<number> {
  return page.evaluate(async (h) => {
    const api = window.reluOrigami!;
    await api.setHash(h);
    await api.exactRegions();
    await api.render();
    const c = document.getElementById('view') as HTMLCanvasElement;
    const gl = c.getContext('webgl2')!;
    const px = new Uint8Array(c.width * c.height * 4);
    gl.readPixels(0, 0, c.width, c.height, gl.RGBA, gl.UNSIGNED_BYTE, px);
    let n = 0;
    for (let p = 0; p < px.length; p += 4) if (px[p]! > 200 && px[p + 1]! > 180 && px[p + 2]! < 90) n++;
    return n;
  }, hash);
}

describe('overlay line width', () => {
  it('draws the exact polygons as quads lw CSS pixels wide', async () => {
    const base = '#arch=2-1-1&act=relu&seed=7&view=-2,2,-2,2&mode=output&out=0&b=0&poly=1';
    const a = await open(base, 160, 160);
    const one = await yellowPixels(a.page, `${base}&lw=1`);
    const four = await yellowPixels(a.page, `${base}&lw=4`);
    console.log(`overlay: ${one} yellow pixels at lw=1, ${four} at lw=4 (ratio ${(four / one).toFixed(2)})`);
    // One line across a 160-pixel view (at least 160 pixels long) plus the view's edges, half of them visible.
    expect(one).toBeGreaterThan(160);
    expect(four / one).toBeGreaterThan(3.4);
    expect(four / one).toBeLessThan(4.6);
    await a.page.close();
  });
});

describe('line widths in exported images', () => {
  it('scales the boundaries with the export size and still matches the engine', async () => {
    // One neuron: one boundary across a 160-CSS-pixel canvas, lw = 1.
    const hash = '#arch=2-1-1&act=relu&seed=7&view=-2,2,-2,2&mode=regions&b=1&lw=1';
    const a = await open(hash, 160, 160);
    const exported = (side: number) =>
      a.page.evaluate(async (n) => {
        const api = window.reluOrigami!;
        await api.setExactCap(0);
        const r = await api.exportPng({ width: n, height: n });
        const bytes = new Uint8Array(await r.blob!.arrayBuffer());
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000)
          text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return { base64: btoa(text), hash: location.hash };
      }, side);
    const canvasCss = await a.page.evaluate(
      () => (document.getElementById('view') as HTMLCanvasElement).clientWidth,
    );
    expect(canvasCss).toBe(160);
    const counts: number[] = [];
    for (const side of [160, 640]) {
      const r = await exported(side);
      const png = PNG.sync.read(Buffer.from(r.base64, 'base64'));
      expect([png.width, png.height]).toEqual([side, side]);
      // The two region colours are the two commonest; every other pixel is on the (darkened) boundary.
      const freq = new Map<number, number>();
      const d = png.data;
      for (let p = 0; p < d.length; p += 4) {
        const k = (d[p]! << 16) | (d[p + 1]! << 8) | d[p + 2]!;
        freq.set(k, (freq.get(k) ?? 0) + 1);
      }
      const top = [...freq.values()].sort((x, y) => y - x);
      counts.push(side * side - top[0]! - top[1]!);
      // Inside the picture the export is the engine's, at the scaled width (lw times side / 160).
      const ref = referenceImage(r.hash, side, side, undefined, side / 160);
      const n = differingPixels(new Uint8Array(d.buffer, d.byteOffset, d.length), ref);
      console.log(`export ${side}²: ${counts.at(-1)} boundary pixels, ${n} differ from the engine`);
      expect(n / (side * side)).toBeLessThanOrEqual(0.01);
    }
    // Line pixels per unit length grow with the scale (4): a line 4 times as long and 4 times as wide.
    const perLength = counts[1]! / 640 / (counts[0]! / 160);
    console.log(`boundary width ratio ${perLength.toFixed(2)} for an export scale of 4`);
    expect(counts[0]).toBeGreaterThan(160);
    expect(perLength).toBeGreaterThan(3.4);
    expect(perLength).toBeLessThan(4.6);
    await a.page.close();
  });
});
