/**
 * The live-training frame budget: the steady divisor (a power of two with hysteresis, so the passes'
 * targets are not reallocated as the measured speed wobbles) and the complexity sampler's throttle.
 */
import { describe, expect, it } from 'vitest';
import { steadyTrainingReduction } from '../../src/app/frameBudget.ts';
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
