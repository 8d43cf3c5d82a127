/**
 * The HUD's streamed exact count in the explorer: while it runs the HUD reads `≥ N regions, P% of the view`
 * with N and P growing and the last N equal to the exact count, which the HUD then shows as `N regions`;
 * a pan drops the running count in the same task (no count of the old view is ever shown under the new
 * one) and the new view's exact count follows; a tiny time or memory budget (setExactBudget) stops the
 * count and the HUD says so with a sampled estimate and its interval, as exactRegions() does.
 */
import type { Page } from 'puppeteer';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/engine/format.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Window } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

/** The engine's exact count of `widths` (seed `seed`) on `w`. */
function truth(widths: number[], seed: number, w: Window): number {
  const e = enumerateRegions(initNetwork({ widths, activation: 'relu', seed }), w);
  if (typeof e === 'string') throw new Error(e);
  return e.count;
}

/** Start recording every text the HUD shows (each `textContent` write), in the page. */
async function recordHud(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { hudTexts: string[] };
    w.hudTexts = [];
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) w.hudTexts.push(n.textContent ?? '');
    }).observe(document.getElementById('hud')!, { childList: true });
  });
}

/** The exact part of the HUD texts recorded: `exact …` up to the line's end. */
async function exactTexts(page: Page): Promise<string[]> {
  const all = await page.evaluate(() => (window as unknown as { hudTexts: string[] }).hudTexts);
  return all.map((t) => /exact (.*)/.exec(t)?.[1] ?? '');
}

const STREAMING = /^≥ ([\d,]+) regions, (\d+)% of the view$/;
const num = (s: string) => Number(s.replaceAll(',', ''));

// One network for every test: 4,623 regions on [-3, 3]^2, a few seconds of the engine on a loaded machine.
const WIDTHS = [2, 32, 32, 32, 1];
const HASH = '#arch=2-32-32-32-1&act=relu&seed=2&view=-3,3,-3,3&mode=regions';
const VIEW = { x0: -3, x1: 3, y0: -3, y1: 3 };

describe('streamed exact count in the HUD', () => {
  it('streams growing lower bounds into the HUD and ends with the exact count', async () => {
    const want = truth(WIDTHS, 2, VIEW);
    const a = await open(HASH, 200, 200);
    await a.page.evaluate(() => window.reluOrigami!.setExactCap(0));
    await recordHud(a.page);
    // A small memory budget makes small tiles: many progress reports for this view.
    const r = await a.page.evaluate(async () => {
      await window.reluOrigami!.setExactBudget({ memoryBytes: 4 * 2 ** 20 });
      await window.reluOrigami!.setExactCap(Number.POSITIVE_INFINITY);
      return window.reluOrigami!.exactRegions();
    });
    expect(r).toEqual({ count: want, complete: true });
    const texts = await exactTexts(a.page);
    const streamed = texts.map((t) => STREAMING.exec(t)).filter((m) => m !== null);
    console.log(JSON.stringify({ exact: want, streamed: streamed.map((m) => m[0]) }));
    expect(streamed.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < streamed.length; i++) {
      expect(num(streamed[i]![1]!)).toBeGreaterThanOrEqual(num(streamed[i - 1]![1]!));
      expect(Number(streamed[i]![2])).toBeGreaterThanOrEqual(Number(streamed[i - 1]![2]));
    }
    expect(Number(streamed[0]![2])).toBeLessThan(100);
    expect(num(streamed.at(-1)![1]!)).toBe(want);
    expect(texts.at(-1)).toBe(`${formatCount(want)} regions`);
    await a.page.close();
  });

  it('drops the running count when the view pans, and counts the new view', async () => {
    const small = { x0: 0, x1: 0.5, y0: 0, y1: 0.5 };
    const want = truth(WIDTHS, 2, small);
    const a = await open(HASH, 200, 200);
    await a.page.evaluate(() => window.reluOrigami!.setExactBudget({ memoryBytes: 2 * 2 ** 20 }));
    await a.page.waitForFunction(
      () => /exact ≥ .*% of the view/.test(document.getElementById('hud')!.textContent!),
      { timeout: 60_000 },
    );
    await recordHud(a.page);
    const r = await a.page.evaluate(async (view) => {
      const hud = () => document.getElementById('hud')!.textContent!;
      // Only what the HUD shows from the pan on: the old view's last texts (its estimate) may still arrive
      // between recordHud and here.
      (window as unknown as { hudTexts: string[] }).hudTexts = [];
      await window.reluOrigami!.setView(view, { exact: true });
      const sameTask = hud();
      await new Promise((res) => requestAnimationFrame(() => res(null)));
      const nextFrame = hud();
      const exact = await window.reluOrigami!.exactRegions();
      return { sameTask, nextFrame, exact, final: hud() };
    }, small);
    expect(r.sameTask).toContain('exact computing…');
    expect(r.nextFrame).not.toMatch(/exact ≥ /);
    expect(r.exact).toEqual({ count: want, complete: true });
    expect(r.final).toContain(`exact ${formatCount(want)} regions`);
    // Every count shown after the pan is the new view's: none exceeds its exact count.
    const after = await exactTexts(a.page);
    expect(after.length).toBeGreaterThan(0);
    // The old view's running count is dropped before the HUD first shows the new view.
    expect(after[0]).toBe('computing…');
    for (const t of after) {
      const m = /^≥ ([\d,]+) regions/.exec(t);
      if (m) expect(num(m[1]!)).toBeLessThanOrEqual(want);
    }
    await a.page.close();
  });

  it('stops at a tiny time or memory budget and says so with an estimate', async () => {
    const want = truth(WIDTHS, 2, VIEW);
    const a = await open(HASH, 200, 200);
    const r = await a.page.evaluate(async () => {
      const api = window.reluOrigami!;
      const hud = () => /exact (.*)/.exec(document.getElementById('hud')!.textContent!)![1]!;
      await api.setExactBudget({ timeMs: 1 });
      const time = await api.exactRegions();
      const timeHud = hud();
      await api.setExactBudget({ timeMs: Number.POSITIVE_INFINITY, memoryBytes: 2 ** 18 });
      const memory = await api.exactRegions();
      const memoryHud = hud();
      const refused = await api.setExactBudget({ timeMs: -1 }).then(
        () => 'resolved',
        (e: Error) => e.message,
      );
      return { time, timeHud, memory, memoryHud, refused };
    });
    console.log(JSON.stringify({ exact: want, time: r.timeHud, memory: r.memoryHud }));
    const re = (what: string) =>
      new RegExp(
        `^≥ ([\\d,]+) regions \\(stopped at ${what}, (\\d+)% of the view\\); estimate ([\\d,]+) \\[([\\d,]+) to ([\\d,]+), 95%\\]$`,
      );
    for (const [res, text, what, stopped] of [
      [r.time, r.timeHud, '0.001 s budget', 'time'],
      [r.memory, r.memoryHud, '0.25 MB memory budget', 'memory'],
    ] as const) {
      const m = re(what).exec(text);
      expect(m, text).not.toBeNull();
      const [, n, pct, est, lo, hi] = m!;
      expect(res.complete).toBe(false);
      expect(res.stopped).toBe(stopped);
      expect(res.count).toBe(num(n!));
      expect(res.count).toBeLessThan(want);
      expect(Number(pct)).toBe(Math.floor(100 * res.fraction!));
      expect(res.fraction).toBeLessThan(1);
      expect(res.message).toContain(`stopped at the ${what}: at least ${n} regions`);
      expect(num(est!)).toBe(Math.round(res.estimate!.estimate));
      expect(num(lo!)).toBeGreaterThanOrEqual(res.count);
      // The estimate (seeded, 4000 points) of this view holds the exact count in its interval.
      expect(num(lo!)).toBeLessThanOrEqual(want);
      expect(num(hi!)).toBeGreaterThanOrEqual(want);
    }
    // The 1 ms budget ends before the first tile; the memory budget after a part of the view.
    expect(r.time.count).toBe(0);
    expect(r.memory.count).toBeGreaterThan(0);
    expect(r.refused).toBe('setExactBudget: timeMs must be a positive number or Infinity, not -1');
    await a.page.close();
  });
});
