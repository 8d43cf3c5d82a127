/**
 * Screenshots of named scenes (URL hashes) against reference PNGs rendered by the CPU engine in Node with
 * the same palette (scripts/render-references.ts). On failure the screenshot is written beside the
 * reference as <name>-changed.png, with <name>-diff.png.
 *
 * Tolerance: a pixel "differs" when any channel differs by more than 2 levels of 255 (the colour maps are
 * computed in float32 on the GPU and float64 here, and the display value is a half float: at most one level
 * apart); at most 1% of the pixels may differ, which is where the GPU and the float64 engine may
 * legitimately disagree: on the one-pixel boundary and level lines. pixelmatch draws the diff image.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppPage, addStyle, closeSession, openApp, openSession, type Session } from './harness.ts';
import { differingPixels, referenceImage } from './referenceImage.ts';
import { SCREENSHOT_SCENES } from './scenes.ts';

const DIR = resolve(import.meta.dirname, 'references');
const MAX_DIFF_FRACTION = 0.01;

let session: Session | undefined;
const pages: AppPage[] = [];

beforeAll(async () => {
  session = await openSession();
});

afterAll(async () => {
  await closeSession(session);
});

/** Channel levels of 255 that two pixels may differ by and still count as equal. */
const LEVEL_TOLERANCE = 2;

/** Pixels of a and b (RGBA, width x height) whose colours differ by more than LEVEL_TOLERANCE in a channel. */
const diffCount = (a: Uint8Array, b: Uint8Array, width: number, height: number) =>
  differingPixels(a.subarray(0, 4 * width * height), b.subarray(0, 4 * width * height), LEVEL_TOLERANCE);

describe('screenshots against CPU reference images', () => {
  for (const scene of SCREENSHOT_SCENES) {
    it(scene.name, async () => {
      const refPath = resolve(DIR, `${scene.name}.png`);
      expect(existsSync(refPath), `${refPath} is missing: run npx tsx scripts/render-references.ts`).toBe(
        true,
      );
      const ref = PNG.sync.read(readFileSync(refPath));
      expect([ref.width, ref.height]).toEqual([scene.width, scene.height]);

      // The committed reference is what the engine renders now (not stale).
      const fresh = referenceImage(scene.hash, scene.width, scene.height);
      expect(diffCount(fresh, ref.data, scene.width, scene.height)).toBe(0);

      const app = await openApp(session!, scene.hash, scene.width, scene.height);
      pages.push(app);
      await app.page.evaluate((w, h) => window.reluOrigami!.resize(w, h), scene.width, scene.height);
      await addStyle(
        app.page,
        '#hud, #inspector, #messages, .lil-gui, .axes-layer { display: none !important; }',
      );
      await app.page.evaluate(() => window.reluOrigami!.render());
      const shot = PNG.sync.read(
        Buffer.from(
          await app.page.screenshot({ clip: { x: 0, y: 0, width: scene.width, height: scene.height } }),
        ),
      );
      const n = diffCount(shot.data, ref.data, scene.width, scene.height);
      const fraction = n / (scene.width * scene.height);
      console.log(
        `${scene.name}: ${n} of ${scene.width * scene.height} pixels differ (${(100 * fraction).toFixed(2)}%)`,
      );
      if (fraction > MAX_DIFF_FRACTION) {
        const diff = new PNG({ width: scene.width, height: scene.height });
        pixelmatch(shot.data, ref.data, diff.data, scene.width, scene.height, { threshold: 0 });
        writeFileSync(resolve(DIR, `${scene.name}-changed.png`), PNG.sync.write(shot));
        writeFileSync(resolve(DIR, `${scene.name}-diff.png`), PNG.sync.write(diff));
      }
      expect(fraction).toBeLessThanOrEqual(MAX_DIFF_FRACTION);
      expect(app.errors).toEqual([]);
      await app.page.close();
    });
  }
});
