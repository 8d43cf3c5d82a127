/**
 * reluOrigami.exportSvg in the explorer: one `.region` per exact region (the HUD's count of the view), and
 * each region's fill is the colour the GPU drew at its centroid (the canvas read back), the y axis the
 * right way up; in the default and the colour-blind-safe palette.
 */
import { describe, expect, it } from 'vitest';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

describe('SVG export', () => {
  it.each([
    ['default', ''],
    ['cvd', '&pal=cvd'],
  ])('writes the exact regions of the view in the colours of the map (%s palette)', async (palette, look) => {
    const W = 160;
    const H = 120;
    const a = await open(`#arch=2-8-8-1&act=relu&seed=3&view=-2,2,-1.5,1.5&mode=regions&b=0${look}`, W, H);
    const r = await a.page.evaluate(async () => {
      const api = window.reluOrigami!;
      const exact = await api.exactRegions();
      const svg = await api.exportSvg({ axes: false });
      await api.render();
      const c = document.getElementById('view') as HTMLCanvasElement;
      const gl = c.getContext('webgl2')!;
      const px = new Uint8Array(c.width * c.height * 4);
      gl.readPixels(0, 0, c.width, c.height, gl.RGBA, gl.UNSIGNED_BYTE, px);
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const regions = [...doc.querySelectorAll('.region')].map((e) => ({
        d: e.getAttribute('d') ?? '',
        fill: e.getAttribute('fill') ?? '',
      }));
      return {
        exact,
        width: c.width,
        height: c.height,
        px: Array.from(px),
        regions,
        parseError: doc.querySelector('parsererror')?.textContent ?? null,
        svgWidth: doc.documentElement.getAttribute('width'),
      };
    });
    expect(r.parseError).toBeNull();
    expect([r.width, r.height]).toEqual([W, H]);
    expect(r.svgWidth).toBe(String(W));
    expect(r.exact.complete).toBe(true);
    expect(r.regions).toHaveLength(r.exact.count);
    let checked = 0;
    let agree = 0;
    for (const g of r.regions) {
      const p = g.d
        .replace(/^M|Z$/g, '')
        .split('L')
        .map((q) => q.split(' ').map(Number) as [number, number]);
      // Area-weighted centroid of the polygon, in pixels (SVG y grows downwards, as the canvas rows do).
      let A = 0;
      let cx = 0;
      let cy = 0;
      for (let i = 0; i < p.length; i++) {
        const [x0, y0] = p[i]!;
        const [x1, y1] = p[(i + 1) % p.length]!;
        const w = x0 * y1 - x1 * y0;
        A += w;
        cx += (x0 + x1) * w;
        cy += (y0 + y1) * w;
      }
      if (Math.abs(A / 2) < 30) continue; // slivers: the centroid's pixel may belong to a neighbour
      const i = Math.floor(cx / (3 * A));
      const j = Math.floor(cy / (3 * A));
      const q = 4 * ((H - 1 - j) * W + i); // readPixels rows are bottom-up
      const gpu = `#${[r.px[q]!, r.px[q + 1]!, r.px[q + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
      checked++;
      if (gpu === g.fill) agree++;
    }
    console.log(
      `SVG export (${palette}): ${r.regions.length} regions, ${agree} of ${checked} centroids coloured as the map`,
    );
    expect(checked).toBeGreaterThan(20);
    expect(agree / checked).toBeGreaterThanOrEqual(0.97);
    // A view with more regions than asked for is refused with a message, and the state is kept.
    const refused = await a.page.evaluate(() =>
      window.reluOrigami!.exportSvg({ maxRegions: 3 }).then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
    );
    expect(refused).toMatch(/more than 3 regions/);
    await a.page.close();
  });
});
