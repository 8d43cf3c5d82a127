/**
 * ONNX in the explorer: reluOrigami.setModel(bytes) loads a PyTorch export and its exact region count equals
 * the engine's on its JSON twin; a truncated file and a model whose side file is missing are refused with
 * their messages and the current model is kept; a .onnx dropped with its .onnx.data loads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelOrThrow } from '../../src/engine/model.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { useExplorerPages } from './harness.ts';

const DIR = join(import.meta.dirname, '..', 'data', 'onnx');
const bytesOf = (name: string) => Array.from(readFileSync(join(DIR, name)));
const { open } = useExplorerPages();

describe('ONNX models in the app', () => {
  it('setModel(bytes) loads ONNX, refuses bad files and keeps the model; drop loads .onnx with .onnx.data', async () => {
    const a = await open('', 120, 120);
    const view = { x0: -4, x1: 4, y0: -4, y1: 4 };
    const r = await a.page.evaluate(
      async (model, truncated, view) => {
        const api = window.reluOrigami!;
        await api.setModel(new Uint8Array(model));
        await api.setView(view);
        const exact = await api.exactRegions();
        const refused = await api.setModel(new Uint8Array(truncated).buffer).then(
          () => 'resolved',
          (e: Error) => e.message,
        );
        return { exact, refused, layers: api.getState().model };
      },
      bytesOf('prelu_o17.onnx'),
      bytesOf('prelu_o17.onnx').slice(0, 200),
      view,
    );
    const twin = parseModelOrThrow(JSON.parse(readFileSync(join(DIR, 'prelu_o17.json'), 'utf8')));
    const e = enumerateRegions(twin, view);
    if (typeof e === 'string') throw new Error(e);
    expect(r.exact).toEqual({ count: e.count, complete: true });
    expect(r.refused).toContain('is not a valid ONNX protobuf');
    expect(r.layers).toBe('scripted model');
    const missing = await a.page.evaluate(
      (m) =>
        window.reluOrigami!.setModel(new Uint8Array(m)).then(
          () => 'resolved',
          (err: Error) => err.message,
        ),
      bytesOf('external_o13.onnx'),
    );
    expect(missing).toContain('"external_o13.onnx.data", which is missing');
    await a.page.evaluate(
      (m, d) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(m)], 'external_o13.onnx'));
        dt.items.add(new File([new Uint8Array(d)], 'external_o13.onnx.data'));
        window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
      },
      bytesOf('external_o13.onnx'),
      bytesOf('external_o13.onnx.data'),
    );
    await a.page.waitForFunction(() => window.reluOrigami!.getState().model === 'external_o13.onnx');
    await a.page.close();
  });
});
