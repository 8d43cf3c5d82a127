/**
 * Fine-tuning a loaded model in the explorer: a model set through the API (`setModel`) trains in the page's
 * worker from its file's weights, and the weights shown are the Node trainer's from the same model bit for
 * bit; the map read back from the GPU is the engine's picture of the trained weights (pixel-centre
 * patterns), a change of view keeps them, the model export is them, and reset returns to the file's
 * weights. A small canvas keeps SwiftShader's work short.
 */
import { describe, expect, it } from 'vitest';
import { startRun } from '../../src/app/trainingProtocol.ts';
import { DEFAULT_CADENCE } from '../../src/app/trainingSession.ts';
import { type LayerJson, type Network, parseModelOrThrow } from '../../src/engine/model.ts';
import { layoutOf, networkView, writeParams } from '../../src/engine/train/layout.ts';
import { decodeHash } from '../../src/state/hash.ts';
import { useExplorerPages } from './harness.ts';
import { patternAgreement } from './patternAgreement.ts';

const { open } = useExplorerPages();

const HASH = '#arch=2-8-8-1&seed=3&view=-3,3,-3,3&data=circle&noise=0.05&lr=0.02&batch=16';
const W = 96;
const H = 96;
const view = { x0: -3, x1: 3, y0: -3, y1: 3 };

/** A model file with seeded weights: prelu, abs, leaky_relu and a hardtanh output layer. */
function modelFile() {
  let s = 2024;
  const r = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2.4;
  };
  const widths = [2, 7, 6, 5, 1];
  const acts = ['prelu', 'abs', 'leaky_relu', 'hardtanh'] as const;
  const layers: LayerJson[] = acts.map((activation, l) => ({
    weights: Array.from({ length: widths[l + 1]! }, () => Array.from({ length: widths[l]! }, r)),
    bias: Array.from({ length: widths[l + 1]! }, r),
    activation,
    ...(activation === 'prelu' ? { alpha: 0.2 } : activation === 'leaky_relu' ? { alpha: 0.05 } : {}),
  }));
  return { format: 'relu-origami/1', inputDim: 2, name: 'fine.json', layers };
}

const bitsOf = (p: ArrayLike<number>) => Array.from(new Uint32Array(Float64Array.from(p).buffer));

/** Fraction of pixels whose pattern hash equals the engine's at the pixel centre. */
const agreement = (ids: number[], net: Network) => patternAgreement(ids, net, view, W, H);

describe('fine-tuning a loaded model in the explorer', () => {
  it('trains the model from its weights as Node does, and the map is the engine’s picture', async () => {
    const file = modelFile();
    const model = parseModelOrThrow(file);
    const a = await open(HASH, W, H);
    const page = a.page;
    await page.evaluate((m) => window.reluOrigami!.setModel(m), file);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain('model=fine.json');
    const r = await page.evaluate(() => window.reluOrigami!.train({ steps: 40 }));
    expect(r.step).toBe(40);

    const s = decodeHash(hash).state;
    const node = startRun({
      architecture: s.architecture,
      training: s.training,
      recordEvery: DEFAULT_CADENCE.recordEvery,
      snapshotEvery: DEFAULT_CADENCE.snapshotEvery,
      model,
    });
    if (typeof node === 'string') throw new Error(node);
    node.trainer.step(40);
    const trained = networkView(node.layout, node.trainer.params.slice());
    const read = () =>
      page.evaluate(async () => {
        const api = window.reluOrigami!;
        return {
          params: api.trainingParameters()!,
          ids: Array.from((await api.readRegionIds()).ids),
          state: api.trainingState(),
        };
      });
    const at40 = await read();
    expect(at40.state.model).toBe('fine.json');
    expect(at40.state.step).toBe(40);
    expect(bitsOf(at40.params)).toEqual(bitsOf(node.trainer.params));
    const same = agreement(at40.ids, trained);
    const before = agreement(at40.ids, model);
    console.log(
      `loaded model, step 40: ${(100 * same).toFixed(2)}% of pixels match the engine (${(100 * before).toFixed(1)}% match the file's weights)`,
    );
    expect(same).toBeGreaterThanOrEqual(0.995);
    expect(before).toBeLessThan(0.95);

    // A change of view keeps the trained weights on the map (not the file's), and the export is them.
    await page.evaluate(() => window.reluOrigami!.setView({ x0: -3, x1: 3, y0: -3, y1: 3 }));
    const panned = await read();
    expect(agreement(panned.ids, trained)).toBeGreaterThanOrEqual(0.995);
    const exported = await page.evaluate(() => window.reluOrigami!.trainingModel());
    const back = parseModelOrThrow(exported);
    expect(back.name).toBe('fine.json, step 40');
    expect(bitsOf(writeParams(back, layoutOf(back), new Float64Array(layoutOf(back).size)))).toEqual(
      bitsOf(node.trainer.params),
    );
    const panel = await page.evaluate(() =>
      [...document.querySelectorAll('.training-data')].map((e) => e.textContent).join(' | '),
    );
    expect(panel).toContain('the model "fine.json" from its file\'s weights');

    // Reset: step 0 of the run, which is the model's file weights.
    await page.evaluate(async () => {
      const api = window.reluOrigami!;
      await api.controlTraining('reset');
      await api.train({ steps: 0 });
    });
    const reset = await read();
    expect(reset.state.step).toBe(0);
    expect(bitsOf(reset.params)).toEqual(
      bitsOf(writeParams(model, layoutOf(model), new Float64Array(layoutOf(model).size))),
    );
    expect(agreement(reset.ids, model)).toBeGreaterThanOrEqual(0.995);
    await page.close();
  }, 90_000);
});
