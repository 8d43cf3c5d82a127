/**
 * The live-training frame budget: the steady divisor (a power of two with hysteresis, so the passes'
 * targets are not reallocated as the measured speed wobbles) and the complexity sampler's throttle.
 */
import { describe, expect, it } from 'vitest';
import {
  LIVE_FIXED_MS,
  LIVE_FRAME_MS,
  livePassMs,
  liveReductionAfter,
  steadyTrainingReduction,
} from '../../src/app/frameBudget.ts';
import { Timeline } from '../../src/app/timeline.ts';
import { COMPLEXITY_GAP_MS, ComplexitySampler } from '../../src/app/trainingComplexity.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';

describe('steadyTrainingReduction', () => {
  it('rounds up to a power of two, keeps it while the ideal divisor stays within 0.4 to 1.25 times it', () => {
    let r = 0;
    const seen: number[] = [];
    for (const ideal of [5, 9, 6, 8, 5, 4, 3, 2, 0.8, 1, 20, 0.5]) {
      r = steadyTrainingReduction(r, ideal);
      seen.push(r);
    }
    expect(seen).toEqual([8, 8, 8, 8, 8, 8, 4, 4, 1, 1, 16, 1]);
    // The wobble of the first profile (5 to 9) gives two sizes, not five.
    expect(steadyTrainingReduction(8, 10)).toBe(8);
    expect(steadyTrainingReduction(8, 10.5)).toBe(16);
    expect(steadyTrainingReduction(8, 3.3)).toBe(8);
    expect(steadyTrainingReduction(8, 3.2)).toBe(4);
  });
});

describe('liveReductionAfter', () => {
  it('doubles past the frame budget, halves when four times the variable part fits, else keeps', () => {
    // The largest frame time that halves: LIVE_FIXED_MS + 4 (t - LIVE_FIXED_MS) = LIVE_FRAME_MS.
    const halving = LIVE_FIXED_MS + (LIVE_FRAME_MS - LIVE_FIXED_MS) / 4;
    expect(liveReductionAfter(4, LIVE_FRAME_MS + 0.5)).toBe(8);
    expect(liveReductionAfter(16, 500)).toBe(16);
    expect(liveReductionAfter(4, LIVE_FRAME_MS)).toBe(4);
    expect(liveReductionAfter(4, halving + 0.01)).toBe(4);
    expect(liveReductionAfter(4, halving)).toBe(2);
    expect(liveReductionAfter(1, 1)).toBe(1);
    // A device whose frames cost c r^-2 + LIVE_FIXED_MS settles on the smallest divisor that fits, and stays.
    const cost = (r: number) => LIVE_FIXED_MS + 400 / (r * r);
    let r = 1;
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      r = liveReductionAfter(r, cost(r));
      seen.push(r);
    }
    expect(seen).toEqual([2, 4, 4, 4, 4, 4]);
    expect(cost(4)).toBeLessThanOrEqual(LIVE_FRAME_MS);
    expect(cost(2)).toBeGreaterThan(LIVE_FRAME_MS);
  });
});

describe('liveReductionAfter with the network pass estimated', () => {
  it('halves a frame whose cost is mostly fixed, and settles where four times the pass no longer fits', () => {
    // Frames of a fixed 30 ms (copy, compositing) plus a pass of 400 / r^2 ms: the pass-blind rule keeps 16.
    const pass = (r: number) => 400 / (r * r);
    const cost = (r: number) => 30 + pass(r);
    expect(liveReductionAfter(16, cost(16))).toBe(16);
    let r = 16;
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      r = liveReductionAfter(r, cost(r), pass(r));
      seen.push(r);
    }
    expect(seen).toEqual([8, 4, 4, 4, 4]);
    expect(cost(4)).toBeLessThanOrEqual(LIVE_FRAME_MS);
    expect(cost(2)).toBeGreaterThan(LIVE_FRAME_MS);
    // A pass estimated above the frame time counts as at most the frame minus LIVE_FIXED_MS.
    expect(liveReductionAfter(4, 20, 1000)).toBe(liveReductionAfter(4, 20));
  });

  it('estimates the pass from the canvas, the network and the learnt speed', () => {
    const renderer = { canvas: { width: 640, height: 480 }, packedNetwork: { macsPerPixel: 100 } } as never;
    // 40 x 30 pixels of 100 multiply-adds at 2^20 per STEP_MS (50 ms).
    expect(livePassMs(renderer, 2 ** 20, 16)).toBeCloseTo(((40 * 30 * 100) / 2 ** 20) * 50, 9);
  });
});

describe('ComplexitySampler', () => {
  it('takes the newest due step at most every COMPLEXITY_GAP_MS while playing, and every step when settled', () => {
    const net = initNetwork({ widths: [2, 4, 1], activation: 'relu', seed: 2 });
    const map = planeMap(2, undefined) as PlaneMap;
    const tl = new Timeline();
    const probe = { map, view: { x0: -1, x1: 1, y0: -1, y1: 1 }, radius: 0.3, s: [], t: [] };
    const lc = new ComplexitySampler(tl, () => probe);
    const steps = () => tl.complexity.items.map((c) => c.step);
    lc.due(100, net, true);
    lc.due(200, net, true);
    lc.take(true, 1000);
    expect(steps()).toEqual([200]);
    lc.due(300, net, true);
    lc.take(true, 1000 + COMPLEXITY_GAP_MS - 1);
    expect(steps()).toEqual([200]);
    lc.due(400, net, true);
    lc.take(true, 1000 + COMPLEXITY_GAP_MS);
    expect(steps()).toEqual([200, 400]);
    lc.due(500, net, false);
    lc.due(600, net, false);
    lc.take(false, 1000 + COMPLEXITY_GAP_MS + 1);
    expect(steps()).toEqual([200, 400, 500, 600]);
    lc.due(700, net, false);
    lc.clear();
    lc.take(false, 5000);
    expect(steps()).toEqual([200, 400, 500, 600]);
  });
});
