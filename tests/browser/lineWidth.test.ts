/**
 * The overlay's lines in CSS pixels: the exact polygons drawn as quads of the look's width. On a network of
 * one neuron (one line across the view, two regions, coloured by f, whose map holds no yellow) the overlay's
 * yellow pixels grow in proportion to the width: a band of width w along the same edges has w times the area
 * of a band of width 1.
 */
import { describe, expect, it } from 'vitest';
import { useExplorerPages } from './harness.ts';

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
