/**
 * The export panel's PNG button exports the main view that is shown: the map, the 3-D surface or the 1-D
 * view, each at the panel's long side with the shown canvas's aspect. The views are switched through the
 * hash (`show=`), the button is clicked as a user would, and the downloaded file is read back and decoded.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

describe('export panel PNG of the main view', () => {
  it('exports the map, the surface and the 1-D view, each its own picture', async () => {
    const base = '#arch=2-6-1&act=relu&seed=4&view=-2,2,-1.5,1.5&mode=regions';
    const { page } = await open(base, 640, 480);
    await page.evaluate(() => {
      const w = window as unknown as { saved: { href: string; name: string }[] };
      w.saved = [];
      // The files as saved: each object URL's blob, read back without fetching the URL.
      const blobs = new Map<string, Blob>();
      (w as unknown as { blobs: Map<string, Blob> }).blobs = blobs;
      const make = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (b: Blob | MediaSource) => {
        const url = make(b);
        if (b instanceof Blob) blobs.set(url, b);
        return url;
      };
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        w.saved.push({ href: this.href, name: this.download });
      };
      // The panel's long side: 2048 (the first choice), as picked in its select.
      const button = [...document.querySelectorAll('button')].find((b) =>
        b.textContent?.includes('export PNG'),
      )!;
      const select = button.closest('.lil-gui')!.querySelector('select')!;
      select.selectedIndex = 0;
      select.dispatchEvent(new Event('change'));
    });
    const exportShown = async (show: string) =>
      page.evaluate(async (h) => {
        const api = window.reluOrigami!;
        await api.setHash(h);
        await window.reluOrigamiViews!.ready();
        await api.render();
        const w = window as unknown as { saved: { href: string; name: string }[] };
        const before = w.saved.length;
        const button = [...document.querySelectorAll('button')].find((b) =>
          b.textContent?.includes('export PNG'),
        )!;
        button.click();
        for (let i = 0; i < 600 && w.saved.length === before; i++)
          await new Promise((r) => setTimeout(r, 50));
        const last = w.saved.at(-1)!;
        const bytes = new Uint8Array(
          await (window as unknown as { blobs: Map<string, Blob> }).blobs.get(last.href)!.arrayBuffer(),
        );
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000)
          text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        const shown = [...document.querySelectorAll('canvas.views-main')].find(
          (c) => !(c as HTMLCanvasElement).hidden,
        ) as HTMLCanvasElement | undefined;
        const map = document.getElementById('view') as HTMLCanvasElement;
        const c = shown ?? map;
        return {
          name: last.name,
          base64: btoa(text),
          canvas: [c.width, c.height],
          count: w.saved.length - before,
        };
      }, `${base}${show}`);
    const results: Record<string, { png: PNG; name: string; canvas: number[] }> = {};
    for (const [kind, show] of [
      ['map', ''],
      ['surface', '&show=surface'],
      ['line', '&show=line'],
    ] as const) {
      const r = await exportShown(show);
      expect(r.count).toBe(1);
      const png = PNG.sync.read(Buffer.from(r.base64, 'base64'));
      results[kind] = { png, name: r.name, canvas: r.canvas };
      // The long side is the panel's, the other follows the shown canvas's aspect.
      const [cw, ch] = r.canvas as [number, number];
      const expected = cw >= ch ? [2048, Math.round((2048 * ch) / cw)] : [Math.round((2048 * cw) / ch), 2048];
      console.log(`${kind}: ${r.name}, ${png.width} x ${png.height} (canvas ${cw} x ${ch})`);
      expect([png.width, png.height]).toEqual(expected);
    }
    expect(results.map!.name).toMatch(/^relu-origami-\d+x\d+\.png$/);
    expect(results.surface!.name).toMatch(/^relu-origami-surface-\d+x\d+\.png$/);
    expect(results.line!.name).toMatch(/^relu-origami-line-\d+x\d+\.png$/);
    // Not the map: the surface's and the 1-D view's corners are their backgrounds (the map's is a region
    // colour), and most of their pixels are background.
    const corner = (p: PNG) => [p.data[0]!, p.data[1]!, p.data[2]!];
    const share = (p: PNG, rgb: number[]) => {
      let n = 0;
      for (let i = 0; i < p.data.length; i += 4)
        if (
          Math.abs(p.data[i]! - rgb[0]!) +
            Math.abs(p.data[i + 1]! - rgb[1]!) +
            Math.abs(p.data[i + 2]! - rgb[2]!) <=
          3
        )
          n++;
      return n / (p.width * p.height);
    };
    const surfaceBg = [20, 23, 28]; // clear colour 0.08, 0.09, 0.11
    const lineBg = [0x15, 0x17, 0x1c];
    expect(share(results.map!.png, surfaceBg)).toBeLessThan(0.01);
    expect(share(results.map!.png, lineBg)).toBeLessThan(0.01);
    for (const c of corner(results.surface!.png).map((x, i) => x - surfaceBg[i]!))
      expect(Math.abs(c)).toBeLessThanOrEqual(1);
    for (const c of corner(results.line!.png).map((x, i) => x - lineBg[i]!))
      expect(Math.abs(c)).toBeLessThanOrEqual(1);
    const sb = share(results.surface!.png, surfaceBg);
    const lb = share(results.line!.png, lineBg);
    console.log(`background share: surface ${sb.toFixed(2)}, 1-D ${lb.toFixed(2)}`);
    expect(sb).toBeGreaterThan(0.2);
    expect(sb).toBeLessThan(0.98);
    expect(lb).toBeGreaterThan(0.5);
    expect(lb).toBeLessThan(0.995);
    await page.close();
  });
});
