/**
 * Budgets of the exact count: a count job stops on its time budget and on its memory budget with what
 * stopped it, the HUD's sentence says so, and the estimate job answers with an interval that holds the
 * exact count of a small network.
 */
import { describe, expect, it } from 'vitest';
import { stoppedMessage } from '../../src/app/exact.ts';
import { REGION_OVERHEAD_BYTES, runJob } from '../../src/app/regionsProtocol.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';

const net = initNetwork({ widths: [2, 16, 16, 16, 1], activation: 'relu', seed: 3 });
const window = { x0: -3, x1: 3, y0: -3, y1: 3 };
const hooks = { cancelled: () => false, progress: () => {} };
const exact = enumerateRegions(net, window);
if (typeof exact === 'string') throw new Error(exact);

describe('count budgets', () => {
  it('stops on the time budget and says so', () => {
    const a = runJob(
      net,
      window,
      { kind: 'count', layers: 3, maxRegions: 1e6, maxPolygons: 0, budgetMs: 0 },
      hooks,
    );
    if (a.kind !== 'count') throw new Error(a.kind);
    expect(a.complete).toBe(false);
    expect(a.stopped).toBe('time');
    expect(a.count).toBeLessThan(exact.count);
    expect(stoppedMessage('time', 31_200, 0.5, { budgetMs: 20_000, memoryBytes: 0, cap: 0 })).toBe(
      'stopped at the 20 s budget: at least 31,200 regions, 50% of the view counted',
    );
  });

  it('stops on the memory budget at the regions it allows', () => {
    const neurons = 48;
    const memoryBytes = 100 * (neurons + REGION_OVERHEAD_BYTES);
    const a = runJob(
      net,
      window,
      { kind: 'count', layers: 3, maxRegions: 1e6, maxPolygons: 0, memoryBytes },
      hooks,
    );
    if (a.kind !== 'count') throw new Error(a.kind);
    expect(exact.count).toBeGreaterThan(100);
    expect(a.stopped).toBe('memory');
    // The enumeration stops once past its cap (the cap and one more).
    expect(a.count).toBeGreaterThanOrEqual(100);
    expect(a.count).toBeLessThanOrEqual(101);
    expect(stoppedMessage('memory', 100, 0.999, { budgetMs: 0, memoryBytes: 256 * 2 ** 20, cap: 0 })).toBe(
      'stopped at the 256 MB memory budget: at least 100 regions, 99% of the view counted',
    );
  });

  it('completes within generous budgets, with nothing stopped', () => {
    const a = runJob(
      net,
      window,
      { kind: 'count', layers: 3, maxRegions: 1e6, maxPolygons: 0, budgetMs: 1e9, memoryBytes: 2 ** 30 },
      hooks,
    );
    if (a.kind !== 'count') throw new Error(a.kind);
    expect(a).toMatchObject({ complete: true, stopped: null, count: exact.count });
  });

  it('answers an estimate job whose interval holds the exact count', () => {
    const a = runJob(net, window, { kind: 'estimate', layers: 3, samples: 4000, seed: 1 }, hooks);
    if (a.kind !== 'estimate') throw new Error(a.kind);
    console.log(JSON.stringify({ exact: exact.count, ...a.estimate }));
    expect(a.estimate.distinct).toBeLessThanOrEqual(exact.count);
    expect(a.estimate.low).toBeLessThanOrEqual(exact.count);
    expect(a.estimate.high).toBeGreaterThanOrEqual(exact.count);
  });
});
