/**
 * Huge-image export (src/app/exportImage.ts): a 2048 x 2048 region map drawn in parts of 300 x 170 pixels
 * (so that seams fall at odd places) must equal, pixel for pixel, the same image drawn as one part, and
 * agree with the float64 engine on every pixel next to a seam as well as anywhere else. Also: progress,
 * cancel, and the messages for bad requests.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { useExplorerPages } from './harness.ts';
import { differingPixels as differing, referenceImage } from './referenceImage.ts';

const pages = useExplorerPages();

/** Regions with boundaries and a probe neuron's zero set: every kind of edge the composite draws. */
const HASH = '#arch=2-12-12-12-1&act=relu&seed=3&view=-3,3,-3,3&mode=regions&b=1&probe=1.4';
const SIDE = 2048;
const PART_W = 300;
const PART_H = 170;

/** Rows y..y+h, columns x..x+w of an RGBA image `width` wide. */
function cropOf(rgba: Uint8Array, width: number, x: number, y: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  for (let j = 0; j < h; j++)
    out.set(rgba.subarray(((y + j) * width + x) * 4, ((y + j) * width + x + w) * 4), j * w * 4);
  return out;
}

describe('huge-image export by parts', () => {
  it(`draws ${SIDE}² in ${PART_W} x ${PART_H} parts with no seams`, async () => {
    const { page } = await pages.open(HASH, 200, 200);
    await page.evaluate(() => window.reluOrigami!.setExactCap(0));
    const exportPng = (partWidth: number, partHeight: number) =>
      page.evaluate(
        async (side, pw, ph) => {
          let calls = 0;
          const r = await window.reluOrigami!.exportPng({
            width: side,
            height: side,
            partWidth: pw,
            partHeight: ph,
            onProgress: () => {
              calls++;
            },
          });
          const bytes = new Uint8Array(await r.blob!.arrayBuffer());
          let text = '';
          for (let i = 0; i < bytes.length; i += 0x8000) {
            text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          }
          return { ...r, blob: undefined, base64: btoa(text), calls };
        },
        SIDE,
        partWidth,
        partHeight,
      );
    const tiled = await exportPng(PART_W, PART_H);
    const cols = Math.ceil(SIDE / PART_W);
    const rows = Math.ceil(SIDE / PART_H);
    expect(tiled.parts).toBe(cols * rows);
    expect(tiled.calls).toBe(tiled.parts);
    const whole = await exportPng(SIDE, SIDE);
    expect(whole.parts).toBe(1);
    const a = PNG.sync.read(Buffer.from(tiled.base64, 'base64'));
    const b = PNG.sync.read(Buffer.from(whole.base64, 'base64'));
    expect([a.width, a.height, b.width, b.height]).toEqual([SIDE, SIDE, SIDE, SIDE]);
    expect(tiled.bytes).toBe(Buffer.from(tiled.base64, 'base64').length);
    // Parts side by side are the whole image, bit for bit (the margins carry the neighbours' words).
    expect(differing(a.data, b.data)).toBe(0);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);

    // Against the float64 engine: the four pixels around every seam (two each side), over the whole
    // image height or width, and a band of the interior; the same 1% as the screenshot tests allow where
    // float32 and float64 legitimately disagree (pixels on a boundary).
    const strips: { x: number; y: number; w: number; h: number }[] = [];
    for (let x = PART_W; x < SIDE; x += PART_W) strips.push({ x: x - 2, y: 0, w: 4, h: SIDE });
    for (let y = PART_H; y < SIDE; y += PART_H) strips.push({ x: 0, y: y - 2, w: SIDE, h: 4 });
    strips.push({ x: 0, y: 1000, w: SIDE, h: 16 });
    let seamPixels = 0;
    let seamDiffering = 0;
    for (const s of strips) {
      // Lines scaled with the image: 1.5 CSS pixels times 2048 / 200 export pixels per CSS pixel.
      const ref = referenceImage(
        HASH,
        SIDE,
        SIDE,
        { x: s.x, y: s.y, width: s.w, height: s.h },
        (1.5 * SIDE) / 200,
      );
      seamPixels += s.w * s.h;
      seamDiffering += differing(cropOf(a.data, SIDE, s.x, s.y, s.w, s.h), ref);
    }
    console.log(
      `export ${SIDE}²: ${tiled.parts} parts, ${tiled.bytes} bytes, ${tiled.seconds.toFixed(1)} s (one part: ${whole.seconds.toFixed(1)} s); ${seamDiffering} of ${seamPixels} pixels at seams differ from the engine`,
    );
    expect(seamPixels).toBeGreaterThan(100_000);
    expect(seamDiffering / seamPixels).toBeLessThanOrEqual(0.01);
  });

  it('reports progress, can be cancelled, and keeps the state usable afterwards', async () => {
    const { page } = await pages.open(HASH, 200, 200);
    const r = await page.evaluate(async () => {
      const api = window.reluOrigami!;
      const controller = new AbortController();
      const seen: number[] = [];
      let error = '';
      try {
        await api.exportPng({
          width: 512,
          height: 512,
          partWidth: 100,
          partHeight: 100,
          signal: controller.signal,
          onProgress: (p) => {
            seen.push(p.partsDone / p.parts);
            if (p.partsDone === 3) controller.abort();
          },
        });
      } catch (e) {
        error = `${(e as Error).name}: ${(e as Error).message}`;
      }
      // While an export runs the view is frozen; once it ends, changes apply again.
      const running = api.exportPng({ width: 64, height: 64 });
      let frozen = '';
      await api.setView({ x0: -1, x1: 1, y0: -1, y1: 1 }).catch((e: Error) => {
        frozen = e.message;
      });
      const second = await api.exportPng({ width: 64, height: 64 }).catch((e: Error) => e.message);
      await running;
      await api.setView({ x0: -1, x1: 1, y0: -1, y1: 1 });
      return { seen, error, frozen, second, view: api.getState().view, messages: api.messages() };
    });
    expect(r.seen).toEqual([1 / 36, 2 / 36, 3 / 36]);
    expect(r.error).toBe('AbortError: the export was cancelled');
    expect(r.frozen).toMatch(/could not be applied/);
    expect(r.messages.join('\n')).toMatch(/An image export is running/);
    expect(r.second).toBe('an image export is already running');
    expect([r.view.x0, r.view.x1]).toEqual([-1, 1]);
  });

  it('rejects bad sizes and options with a message', async () => {
    const { page } = await pages.open(HASH, 200, 200);
    const errors = await page.evaluate(async () => {
      const api = window.reluOrigami!;
      const out: string[] = [];
      for (const req of [
        { width: 0, height: 10 },
        { width: 10.5, height: 10 },
        { width: 10, height: 2 ** 21 },
        { width: 10, height: 10, level: 12 },
        { width: 10, height: 10, partWidth: -3, partHeight: 4 },
        { width: 10, height: 10, partWidth: 3 },
      ]) {
        out.push(
          await api.exportPng(req).then(
            () => 'ok',
            (e: Error) => e.message,
          ),
        );
      }
      return out;
    });
    expect(errors).toEqual([
      'exportPng: the image width must be a whole number of pixels from 1 to 1048576, not 0',
      'exportPng: the image width must be a whole number of pixels from 1 to 1048576, not 10.5',
      'exportPng: the image height must be a whole number of pixels from 1 to 1048576, not 2097152',
      'exportPng: level must be an integer from 0 to 9, not 12',
      'exportPng: partWidth must be a positive integer, not -3',
      'exportPng: give both partWidth and partHeight, or neither',
    ]);
  });

  it('runs from the panel with a progress bar, cancelled by its button or Escape', async () => {
    // Heavy enough (2e10 multiply-adds at 4096 x 2560: seconds on SwiftShader) that Cancel arrives in time.
    const { page } = await pages.open(
      '#arch=2-32-32-32-1&act=relu&seed=3&view=-3,3,-2,2&mode=regions&b=1',
      320,
      200,
    );
    const clickExport = () =>
      page.evaluate(() => {
        const c = [...document.querySelectorAll('.lil-gui .lil-controller.lil-function')].find((e) =>
          e.textContent?.includes('export PNG'),
        );
        (c?.querySelector('button') as HTMLButtonElement | null)?.click();
        return c !== undefined;
      });
    expect(await clickExport()).toBe(true);
    await page.waitForFunction(() => !document.getElementById('export-progress')!.hidden);
    await page.waitForFunction(() =>
      /\(\d+ parts\)/.test(document.querySelector('#export-progress .text')!.textContent ?? ''),
    );
    const title = await page.$eval('#export-progress .title', (e) => e.textContent);
    // The default long side is 4096, the canvas is 320 x 200: 4096 x 2560.
    expect(title).toBe('Exporting 4096 x 2560 PNG');
    // The page is busy between parts: click through the DOM rather than by pointer position.
    await page.$eval('#export-progress button', (b) => (b as HTMLButtonElement).click());
    await page.waitForFunction(() => document.getElementById('export-progress')!.hidden);
    let log = await page.evaluate(() => window.reluOrigami!.messages());
    expect(log[log.length - 1]).toBe('info: The export was cancelled.');
    // Escape cancels a running export too (and only that: the view is kept).
    const view = await page.evaluate(() => window.reluOrigami!.getState().view);
    expect(await clickExport()).toBe(true);
    await page.waitForFunction(() => !document.getElementById('export-progress')!.hidden);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.getElementById('export-progress')!.hidden);
    log = await page.evaluate(() => window.reluOrigami!.messages());
    expect(log[log.length - 1]).toBe('info: The export was cancelled.');
    expect(log.filter((m) => m === 'info: The export was cancelled.')).toHaveLength(2);
    expect(await page.evaluate(() => window.reluOrigami!.getState().view)).toEqual(view);
    // Then a whole one, at the smallest size offered, downloaded (headless: the message says so).
    await page.evaluate(() => {
      const select = [...document.querySelectorAll('.lil-gui .lil-controller select')].find((e) =>
        e.closest('.lil-controller')?.textContent?.includes('PNG long side'),
      ) as HTMLSelectElement;
      select.value = select.options[0]!.value;
      select.dispatchEvent(new Event('change'));
    });
    expect(await clickExport()).toBe(true);
    await page.waitForFunction(() => /Saved|failed/.test(window.reluOrigami!.messages().at(-1) ?? ''), {
      timeout: 120_000,
    });
    log = await page.evaluate(() => window.reluOrigami!.messages());
    expect(log[log.length - 1]).toMatch(/^info: Saved relu-origami-2048x1280\.png \(\d+ kB|MB/);
  });
});
