/**
 * Live training in the explorer: the page trains in its worker from a URL hash, and the weights it shows
 * are the Node trainer's bit for bit; the map read back from the GPU is the engine's picture of those
 * weights (pixel-centre patterns), the HUD's exact count is the enumeration's, and reset returns to the
 * initial network. Small canvases keep SwiftShader's work short.
 */
import { describe, expect, it } from 'vitest';
import { startRun, type TrainRun } from '../../src/app/trainingProtocol.ts';
import { DEFAULT_CADENCE } from '../../src/app/trainingSession.ts';
import type { Network } from '../../src/engine/model.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import type { Dataset } from '../../src/engine/train/data.ts';
import { networkView } from '../../src/engine/train/layout.ts';
import { decodeHash } from '../../src/state/hash.ts';
import { useExplorerPages } from './harness.ts';
import { patternAgreement } from './patternAgreement.ts';

const { open } = useExplorerPages();

const HASH = '#arch=2-8-8-8-1&seed=3&view=-3,3,-3,3&data=circle&noise=0.05&lr=0.02&batch=16';
const W = 96;
const H = 96;
const view = { x0: -3, x1: 3, y0: -3, y1: 3 };

/** The Node trainer of HASH after `steps` steps: its parameters' float64 bits and its network. */
function nodeRun(steps: number): { bits: number[]; net: Network } {
  const s = decodeHash(HASH).state;
  const run: TrainRun = {
    architecture: s.architecture,
    training: s.training,
    recordEvery: DEFAULT_CADENCE.recordEvery,
    snapshotEvery: DEFAULT_CADENCE.snapshotEvery,
  };
  const r = startRun(run);
  if (typeof r === 'string') throw new Error(r);
  r.trainer.step(steps);
  const params = r.trainer.params.slice();
  return { bits: Array.from(new Uint32Array(params.buffer)), net: networkView(r.layout, params) };
}

/** The Node trainer's dataset of HASH. */
function nodeData(): Dataset {
  const s = decodeHash(HASH).state;
  const r = startRun({
    architecture: s.architecture,
    training: s.training,
    recordEvery: 1,
    snapshotEvery: 1,
  });
  if (typeof r === 'string') throw new Error(r);
  return r.trainer.data;
}

/** Fraction of pixels whose pattern hash equals the engine's at the pixel centre. */
const agreement = (ids: number[], net: Network) => patternAgreement(ids, net, view, W, H);

describe('live training in the explorer', () => {
  it('trains N steps from a hash: the weights are Node’s bit for bit and the map is the engine’s picture', async () => {
    const a = await open(HASH, W, H);
    const read = () =>
      a.page.evaluate(async () => {
        const api = window.reluOrigami!;
        const p = api.trainingParameters()!;
        const ids = Array.from((await api.readRegionIds()).ids);
        return {
          bits: Array.from(new Uint32Array(new Float64Array(p).buffer)),
          ids,
          state: api.trainingState(),
        };
      });
    const r = await a.page.evaluate(() => window.reluOrigami!.train({ steps: 60 }));
    expect(r.step).toBe(60);
    // The run's points are on the map: train then test points, as the Node trainer's dataset.
    const onMap = await a.page.evaluate(() => window.reluOrigami!.data());
    const ds = nodeData();
    expect(onMap!.x.flat()).toEqual([...ds.train.x, ...ds.test.x]);
    expect(onMap!.y).toEqual([...ds.train.y, ...ds.test.y]);
    const at60 = await read();
    const want = nodeRun(60);
    expect(at60.state.step).toBe(60);
    expect(at60.bits).toEqual(want.bits);
    const initial = nodeRun(0);
    const same = agreement(at60.ids, want.net);
    const before = agreement(at60.ids, initial.net);
    console.log(
      `step 60: ${(100 * same).toFixed(2)}% of pixels match the engine (${(100 * before).toFixed(1)}% match step 0)`,
    );
    expect(same).toBeGreaterThanOrEqual(0.995);
    expect(before).toBeLessThan(0.9);
    expect(at60.state.metrics!.step).toBe(60);

    // The HUD's exact count is of the trained weights.
    const exact = await a.page.evaluate(() => window.reluOrigami!.exactRegions());
    const e = enumerateRegions(want.net, view);
    if (typeof e === 'string') throw new Error(e);
    expect(exact).toEqual({ count: e.count, complete: true });

    // Play, pause, then five more steps: still exactly Node's run at the step reported.
    const step = await a.page.evaluate(async () => {
      const api = window.reluOrigami!;
      await api.controlTraining('play');
      await new Promise((res) => setTimeout(res, 400));
      await api.controlTraining('pause');
      await new Promise((res) => setTimeout(res, 200));
      return (await api.train({ steps: 5 })).step;
    });
    expect(step).toBeGreaterThan(65);
    const later = await read();
    expect(later.state.step).toBe(step);
    expect(later.bits).toEqual(nodeRun(step).bits);

    // Reset: step 0 of the same run, which is the generated network of the hash.
    await a.page.evaluate(async () => {
      const api = window.reluOrigami!;
      await api.controlTraining('reset');
      await api.train({ steps: 0 });
    });
    const reset = await read();
    expect(reset.state.step).toBe(0);
    expect(reset.state.generation).toBeGreaterThan(later.state.generation);
    expect(reset.bits).toEqual(initial.bits);
    expect(agreement(reset.ids, initial.net)).toBeGreaterThanOrEqual(0.995);
    await a.page.close();
  }, 60_000);
});
