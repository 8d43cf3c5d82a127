/**
 * The benchmark page (bench.html) runs on load and writes its JSON lines before the load event: one peak
 * record and one region-map record per configuration asked for, with closed-form multiply-add counts.
 * No time is asserted (benchmarks never gate CI on a clock); only the records' structure and counts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeSession, openSession, type Session } from './harness.ts';

let session: Session | undefined;

beforeAll(async () => {
  session = await openSession();
});

afterAll(async () => {
  await closeSession(session);
});

it('bench.html writes a peak record and a region-map record for 2-16x3-1 before load', async () => {
  const page = await session!.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  await page.goto(`${session!.url}bench.html?only=16&seconds=0.02`, { waitUntil: 'load', timeout: 120_000 });
  const text = await page.$eval('#result', (el) => `${(el as HTMLElement).dataset.done}|${el.textContent}`);
  const [done, body] = text.split('|') as [string, string];
  expect(done).toBe('1');
  const records = body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
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
