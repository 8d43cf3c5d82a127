/**
 * Check an exported region map against the engine: `npx tsx scripts/check-export.ts FILE.png '<hash>'`
 * decodes the PNG and compares 64 x 64 crops (the four corners, the centre, and around columns and rows
 * 4096 and 8192, where parts of a large export meet) with the float64 reference of the same scene
 * (tests/browser/referenceImage.ts), pixel by pixel, with the screenshot tests' tolerance. Prints one JSON
 * line: {width, height, crops, pixels, differing}. The hash must name the view the file was drawn with.
 * Large files need memory: node --max-old-space-size=8000 --import tsx scripts/check-export.ts ...
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { differingPixels, referenceImage } from '../tests/browser/referenceImage.ts';

const [file, hash] = process.argv.slice(2);
if (!file || !hash) {
  console.error("usage: npx tsx scripts/check-export.ts FILE.png '<hash with view=...>'");
  process.exit(2);
}
const png = PNG.sync.read(readFileSync(file));
const { width: W, height: H } = png;
const S = 64;
const at = (v: number, n: number) => Math.max(0, Math.min(n - S, v));
const places = [
  [0, 0],
  [W - S, 0],
  [0, H - S],
  [W - S, H - S],
  [W / 2 - S / 2, H / 2 - S / 2],
  [4096 - S / 2, 1000],
  [8192 - S / 2, 4096 - S / 2],
  [1000, 8192 - S / 2],
].map(([x, y]) => [at(Math.round(x!), W), at(Math.round(y!), H)] as const);
let pixels = 0;
let differing = 0;
for (const [x, y] of places) {
  const w = Math.min(S, W);
  const h = Math.min(S, H);
  const ref = referenceImage(hash, W, H, { x, y, width: w, height: h });
  const shot = new Uint8Array(w * h * 4);
  for (let j = 0; j < h; j++)
    shot.set(png.data.subarray(((y + j) * W + x) * 4, ((y + j) * W + x + w) * 4), j * w * 4);
  pixels += w * h;
  differing += differingPixels(shot, ref);
}
console.log(JSON.stringify({ width: W, height: H, crops: places.length, pixels, differing }));
