/**
 * Regenerate the reference images of the screenshot tests from the CPU engine:
 * `npx tsx scripts/render-references.ts` writes tests/browser/references/<scene>.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import { referenceImage } from '../tests/browser/referenceImage.ts';
import { SCREENSHOT_SCENES } from '../tests/browser/scenes.ts';

const dir = resolve(import.meta.dirname, '../tests/browser/references');
mkdirSync(dir, { recursive: true });
for (const scene of SCREENSHOT_SCENES) {
  const png = new PNG({ width: scene.width, height: scene.height });
  png.data = Buffer.from(referenceImage(scene.hash, scene.width, scene.height));
  const file = resolve(dir, `${scene.name}.png`);
  writeFileSync(file, PNG.sync.write(png));
  console.log(`wrote ${file}`);
}
