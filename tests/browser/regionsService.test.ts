/**
 * The regions service in the explorer: a count worker that fails shows the failure in the HUD (not
 * "computing…" forever) and rejects `exactRegions()`; the next request starts a fresh worker and counts.
 */
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { useExplorerPages } from './harness.ts';

const { open } = useExplorerPages();

describe('regions service', () => {
  it('reports a dead count worker in the HUD and rejects exactRegions, then recovers', async () => {
    const a = await open('#arch=2-8-8-1&act=relu&seed=3&view=-2,2,-2,2&mode=regions', 256, 256);
    const r = await a.page.evaluate(async () => {
      const api = window.reluOrigami!;
      const first = await api.exactRegions();
      window.reluOrigamiTest!.crashRegionsWorker();
      // A new cap is a new job: the worker that gets it throws.
      await api.setExactCap(19_999);
      const failure = await api.exactRegions().then(
        () => 'resolved',
        (e: Error) => e.message,
      );
      const hud = document.getElementById('hud')!.textContent;
      await api.setView({ x0: 0, x1: 1, y0: 0, y1: 1 });
      const after = await api.exactRegions();
      return { first, failure, hud, after };
    });
    const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 3 });
    const full = enumerateRegions(net, { x0: -2, x1: 2, y0: -2, y1: 2 });
    const part = enumerateRegions(net, { x0: 0, x1: 1, y0: 0, y1: 1 });
    if (typeof full === 'string' || typeof part === 'string') throw new Error('enumeration failed');
    expect(r.first).toEqual({ count: full.count, complete: true });
    expect(r.failure).toContain('the regions worker failed');
    expect(r.failure).toContain('crashed on purpose');
    expect(r.hud).toContain('exact failed: the regions worker failed');
    expect(r.hud).not.toContain('computing');
    expect(r.after).toEqual({ count: part.count, complete: true });
    await a.page.close();
  });
});
