/**
 * Load: 1,000 wheel and drag events in about 10 s leave no backlog. Every completed frame is recorded with
 * the view it drew (the API's onFrame); after the events stop, the last frame drawn must show exactly the
 * last view asked for, at full resolution, after a handful of frames (not one per event).
 */
import { describe, expect, it } from 'vitest';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

describe('load', () => {
  it('1,000 wheel and drag events leave no backlog: the last view is drawn soon after', async () => {
    const { page } = await open('#view=-3,3,-3,3', 400, 300);
    await page.evaluate(() => window.reluOrigami!.render());
    await page.evaluate(() => {
      const api = window.reluOrigami!;
      const log: { at: number; view: number[]; reduction: number }[] = [];
      (window as unknown as { frameLog: typeof log }).frameLog = log;
      api.onFrame((f) => {
        const v = api.getState().view;
        log.push({ at: performance.now(), view: [v.x0, v.x1, v.y0, v.y1], reduction: f.reduction });
      });
    });
    const events = 1000;
    // Sent in the page, one event every 10 ms (real input through the protocol queues up on a loaded
    // machine): drags of 10 moves alternate with 10 wheel steps.
    const sent = await page.evaluate(async (n) => {
      const canvas = document.getElementById('view')!;
      const box = canvas.getBoundingClientRect();
      const at = (x: number, y: number) => ({ clientX: box.left + x, clientY: box.top + y, bubbles: true });
      const pointer = (type: string, x: number, y: number, buttons: number) =>
        canvas.dispatchEvent(
          new PointerEvent(type, {
            ...at(x, y),
            pointerId: 1,
            pointerType: 'mouse',
            isPrimary: true,
            buttons,
          }),
        );
      const t0 = performance.now();
      const send = (k: number) => {
        const phase = Math.floor(k / 10) % 2;
        const i = k % 10;
        if (phase === 0) {
          if (i === 0) pointer('pointerdown', 150, 150, 1);
          pointer('pointermove', 150 + 3 * (i + 1), 150 + ((i % 3) - 1) * 2, 1);
          if (i === 9) pointer('pointerup', 180, 150, 0);
        } else {
          canvas.dispatchEvent(
            new WheelEvent('wheel', { ...at(120, 140), deltaY: i % 2 ? -40 : 35, cancelable: true }),
          );
        }
      };
      // Event k is due at 10 k ms; each task sends the events due by then (a loaded page gets them in
      // batches, as a browser coalesces input) and yields, so that frames are drawn in between.
      let k = 0;
      while (k < n) {
        const due = Math.min(n, Math.floor((performance.now() - t0) / 10) + 1);
        while (k < due) send(k++);
        await new Promise((r) => setTimeout(r, Math.max(0, t0 + 10 * k - performance.now())));
      }
      return { ms: performance.now() - t0 };
    }, events);
    const sentMs = sent.ms;
    const stop = await page.evaluate(() => {
      const log = (window as unknown as { frameLog: unknown[] }).frameLog;
      return { at: performance.now(), frames: log.length };
    });
    // Settled: no frame in progress, the last one at full resolution and 500 ms without a frame.
    await page.waitForFunction(
      () => {
        const log = (window as unknown as { frameLog: { at: number; reduction: number }[] }).frameLog;
        const api = window.reluOrigami!;
        const last = log[log.length - 1];
        return api.frames().refining === null && last?.reduction === 1 && performance.now() - last.at > 500;
      },
      { timeout: 20_000, polling: 50 },
    );
    const r = await page.evaluate((stopAt) => {
      const log = (window as unknown as { frameLog: { at: number; view: number[]; reduction: number }[] })
        .frameLog;
      const v = window.reluOrigami!.getState().view;
      const last = log[log.length - 1]!;
      return {
        wanted: [v.x0, v.x1, v.y0, v.y1],
        drawn: last.view,
        reduction: last.reduction,
        frames: log.length,
        framesAfterStop: log.filter((f) => f.at > stopAt).length,
        lastFrameMsAfterStop: Math.max(0, last.at - stopAt),
      };
    }, stop.at);
    console.log(JSON.stringify({ events, sentMs, framesDuringEvents: stop.frames, ...r }));
    expect(r.drawn).toEqual(r.wanted);
    expect(r.reduction).toBe(1);
    // No backlog: the frames while the events came coalesce, and once they stop only the last interactive
    // frame and the refinement remain (a few, not hundreds).
    expect(stop.frames).toBeLessThan(events);
    // Frames kept coming while the events did, not starved by them (a stream that cancelled every animation
    // frame drew 2 or 3 in all; a SwiftShader sharing two cores with a loaded machine drew 7 in 10 s).
    expect(stop.frames).toBeGreaterThanOrEqual(5);
    expect(r.framesAfterStop).toBeLessThanOrEqual(4);
    // A generous bound on the time to the final frame (the goal is 1 s; the machine may be loaded).
    expect(r.lastFrameMsAfterStop).toBeLessThan(5000);
  }, 120_000);
});
