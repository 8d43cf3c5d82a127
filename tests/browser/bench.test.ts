/**
 * The benchmark page (bench.html) runs on load and writes its JSON lines before the load event: one peak
 * record and one region-map record per configuration asked for, with closed-form multiply-add counts, then
 * the upload, interaction and heap records unless their flags skip them. No time is asserted (benchmarks
 * never gate CI on a clock); only the records' structure, counts and that times are finite and positive.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { macsPerDrawFor } from '../../src/app/frameBudget.ts';
import { closeSession, openSession, type Session, SWIFTSHADER_FLAGS } from './harness.ts';

let session: Session | undefined;

beforeAll(async () => {
  // As npm run bench starts Chromium: exact performance.memory and window.gc for the heap record.
  session = await openSession(false, [
    ...SWIFTSHADER_FLAGS,
    '--enable-precise-memory-info',
    '--js-flags=--expose-gc',
  ]);
});

type BenchRecord = Record<string, number | string | boolean>;

/** Open bench.html with `query`; returns its records once the page has loaded, and the page errors. */
async function benchRecords(query: string): Promise<{ records: BenchRecord[]; errors: string[] }> {
  const page = await session!.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  await page.goto(`${session!.url}bench.html?${query}`, { waitUntil: 'load', timeout: 120_000 });
  const text = await page.$eval('#result', (el) => `${(el as HTMLElement).dataset.done}|${el.textContent}`);
  await page.close();
  const [done, body] = text.split('|') as [string, string];
  expect(done).toBe('1');
  const records = body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as BenchRecord);
  return { records, errors };
}

/**
 * Expect `r[key]` to be a finite number greater than `min`. Times may be 0: performance.now() in a page
 * that is not cross-origin isolated moves in steps of 100 us in Chromium, so a one-pixel read or a tiny
 * frame can measure 0; those are checked with `expectTime`.
 */
function expectAbove(min: number, r: BenchRecord, keys: string[]): void {
  for (const key of keys) {
    const v = r[key];
    expect(typeof v, key).toBe('number');
    expect(Number.isFinite(v), key).toBe(true);
    expect(v as number, key).toBeGreaterThan(min);
  }
}
const expectPositive = (r: BenchRecord, ...keys: string[]) => expectAbove(0, r, keys);
/** A time of at least 0 (see {@link expectAbove}). */
const expectTime = (r: BenchRecord, ...keys: string[]) => expectAbove(-Number.MIN_VALUE, r, keys);

afterAll(async () => {
  await closeSession(session);
});

it('bench.html writes a peak record and a region-map record for 2-16x3-1 before load', async () => {
  // upload=0, interaction=0 and heap=0 leave only the peak and the region map.
  const { records, errors } = await benchRecords('only=16&seconds=0.02&upload=0&interaction=0&heap=0');
  expect(records.map((r) => r.kind)).toEqual(['peak', 'regionMap']);
  const [peak, map] = records as [Record<string, number | string>, Record<string, number | string>];
  expect(peak.pixels).toBe(256 * 256);
  expect(peak.fmaPerSecond).toBeGreaterThan(0);
  expect(String(peak.renderer)).toMatch(/SwiftShader/);
  expect(map.W).toBe(16);
  expect(map.L).toBe(3);
  // 2 -> 16 -> 16 -> 16 -> 1: 2*16 + 16*16 + 16*16 + 16*1 multiply-adds per pixel.
  expect(map.macPerPixel).toBe(560);
  expect(map.pixels).toBe((map.side as number) ** 2);
  // The page rounds to 4 significant digits: the rate agrees with pixels x 560 / seconds to about 1e-3.
  const rate = ((map.pixels as number) * 560) / (map.seconds as number);
  expect(Math.abs((map.macPerSecond as number) / rate - 1)).toBeLessThan(2e-3);
  expect(map.fractionOfPeak).toBeGreaterThan(0);
  expect(map.fractionOfPeak).toBeLessThanOrEqual(1);
  expect(map.weights).toBe('texture');
  expect(map.cpuMacPerSecond).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

it('bench.html writes upload, interaction and heap records with finite figures (times of at least 0)', async () => {
  const { records, errors } = await benchRecords('only=16&seconds=0.02&cpu=0&canvas=96x54&heapFrames=20');
  expect(records.map((r) => r.kind)).toEqual(['peak', 'regionMap', 'upload', 'interaction', 'heap']);
  const [, , upload, interaction, heap] = records as [
    BenchRecord,
    BenchRecord,
    BenchRecord,
    BenchRecord,
    BenchRecord,
  ];

  // 2 -> 448 x 6 -> 1: 2*448 + 448 + 5 * (448*448 + 448) + 448 + 1 weights and biases.
  expect(upload.parameters).toBe(1_007_553);
  expect(upload.weights).toBe('texture');
  // Layers 1..6 in rows of 448 / 4 = 112 texels: 5 * 448 * 112 + 112 = 250,992 texels, in 246 rows of 1024.
  expect(upload.weightBytes).toBe(246 * 1024 * 16);
  // Packing 1e6 parameters, uploading 4 MB and compiling take milliseconds; the rest may be under a clock step.
  expectPositive(upload, 'packMs', 'uploadMs', 'totalMs', 'firstMs');
  expectTime(
    upload,
    'subUploadMs',
    'viewMs',
    'syncMs',
    'rawSyncMs',
    'checkMs',
    'checkDisplayMs',
    'checkWordsMs',
  );
  expect(upload.repeats).toBeGreaterThanOrEqual(5);
  expect(typeof upload.under5ms).toBe('boolean');
  expect(upload.under5ms).toBe((upload.totalMs as number) < 5);

  expect(interaction.W).toBe(16);
  expect(interaction.L).toBe(3);
  expect(interaction.canvasWidth).toBe(96);
  expect(interaction.canvasHeight).toBe(54);
  expect(interaction.macPerPixel).toBe(560);
  // App.interactiveReduction: at least INTERACTIVE_REDUCTION (4), at most 16.
  expect(interaction.reduction).toBeGreaterThanOrEqual(4);
  expect(interaction.reduction).toBeLessThanOrEqual(16);
  expect(Number.isInteger(interaction.reduction)).toBe(true);
  // A full-resolution frame is 2.9e6 multiply-adds (about a millisecond on SwiftShader); a frame at 1/8
  // resolution is 84 pixels and may take less than a clock step.
  expectPositive(interaction, 'frameMsR1', 'maxDrawMs', 'drawsPerFrame', 'drawsTimed', 'stepMacs');
  expectTime(interaction, 'frameMs', 'frameMsR2', 'frameMsR4', 'frameMsR8', 'medianDrawMs');
  expect(interaction.maxDrawMs as number).toBeGreaterThanOrEqual(interaction.medianDrawMs as number);
  // The tiles cover the frame, each within the per-draw budget the app derives from the learnt speed.
  const perDraw = interaction.macsPerDraw as number;
  expect((interaction.drawsPerFrame as number) * perDraw).toBeGreaterThanOrEqual(96 * 54 * 560);
  // (stepMacs is printed to 4 significant digits: the bound allows for that rounding.)
  const budget = macsPerDrawFor((interaction.stepMacs as number) * 1.001);
  expect(perDraw).toBeLessThanOrEqual(Math.max(64 * 560, budget));
  expect(interaction.frameUnder16ms).toBe((interaction.frameMs as number) <= 16);

  expect(heap.W).toBe(16);
  expect(heap.frames).toBe(20);
  expect(heap.reduction).toBe(interaction.reduction);
  expect(heap.gc).toBe(true);
  expectPositive(heap, 'heapBytes');
  for (const key of [
    'bytesPerFrame',
    'retainedBytesPerFrame',
    'bytesPerFrameNoFinish',
    'bytesPerFinish',
    'retainedBytesPerFinish',
  ]) {
    expect(Number.isFinite(heap[key]), key).toBe(true);
  }
  expect(errors).toEqual([]);
});
