/**
 * Screenshots of the demo views in the explorer (named scenes: URL hashes) against committed reference PNGs
 * taken by this test on SwiftShader (`UPDATE_VIEW_REFERENCES=1 npx vitest run tests/browser/viewScreenshots.test.ts`
 * rewrites them; look at them before committing). The views draw text and anti-aliased lines, so unlike the
 * map's references these are not rendered by the engine: what they show is checked against the engine by
 * views.test.ts and explorerViews.test.ts; this test catches any unintended change of the picture.
 *
 * Tolerance: a pixel differs when a channel is more than 8 levels of 255 off; at most 0.5% of the pixels may
 * differ. On failure <name>-changed.png and <name>-diff.png are written beside the reference.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { addStyle, useExplorerPages } from './harness.ts';
import { differingPixels } from './referenceImage.ts';

const DIR = resolve(import.meta.dirname, 'references', 'views');
const UPDATE = process.env.UPDATE_VIEW_REFERENCES === '1';
const LEVELS = 8;
const MAX_DIFF_FRACTION = 0.005;
const W = 800;
const H = 500;

const SCENES = [
  { name: 'surface-2-8-8-1', hash: '#arch=2-8-8-1&seed=2&view=-2,2,-2,2&show=surface' },
  // Three outputs in the argmax mode: the surface's facets take the map's class colours.
  {
    name: 'surface-classes-2-12-12-3',
    hash: '#arch=2-12-12-3&act=relu&seed=6&view=-3,3,-3,3&mode=output&out=-1&show=surface',
  },
  { name: 'line-1-8-8-1', hash: '#arch=1-8-8-1&seed=3&view=-3,3,-3,3&show=line' },
  { name: 'contours-section-2-8-8-1', hash: '#arch=2-8-8-1&seed=2&view=-2,2,-2,2&iso=-1&sec=-1.5,-1,1.5,1' },
] as const;

const { open } = useExplorerPages();

const differing = (a: Uint8Array, b: Uint8Array) =>
  differingPixels(a.subarray(0, 4 * W * H), b.subarray(0, 4 * W * H), LEVELS);

describe('demo views against reference screenshots', () => {
  for (const scene of SCENES) {
    it(scene.name, async () => {
      const app = await open(scene.hash, W, H);
      await app.page.evaluate(async () => {
        await window.reluOrigami!.exactRegions();
        await window.reluOrigamiViews!.ready();
        await window.reluOrigami!.render();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      });
      // The HUD and the lil-gui panel carry timings and focus states; the views' own panels stay.
      await addStyle(app.page, '#hud, #inspector, .lil-gui, .axes-layer { display: none !important; }');
      const shot = PNG.sync.read(
        Buffer.from(await app.page.screenshot({ clip: { x: 0, y: 0, width: W, height: H } })),
      );
      const refPath = resolve(DIR, `${scene.name}.png`);
      if (UPDATE) {
        mkdirSync(DIR, { recursive: true });
        writeFileSync(refPath, PNG.sync.write(shot));
      }
      expect(existsSync(refPath), `${refPath} is missing: run with UPDATE_VIEW_REFERENCES=1`).toBe(true);
      const ref = PNG.sync.read(readFileSync(refPath));
      const n = differing(shot.data, ref.data);
      console.log(`${scene.name}: ${n} of ${W * H} pixels differ`);
      if (n > MAX_DIFF_FRACTION * W * H) {
        const diff = new PNG({ width: W, height: H });
        pixelmatch(shot.data, ref.data, diff.data, W, H, { threshold: 0 });
        writeFileSync(resolve(DIR, `${scene.name}-changed.png`), PNG.sync.write(shot));
        writeFileSync(resolve(DIR, `${scene.name}-diff.png`), PNG.sync.write(diff));
      }
      expect(n).toBeLessThanOrEqual(MAX_DIFF_FRACTION * W * H);
    });
  }
});
