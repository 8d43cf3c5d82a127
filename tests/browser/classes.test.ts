/**
 * Several outputs on the GPU: the class margin (top-1 minus top-2 output) and one chosen output, read back
 * from a 48 x 48 canvas, agree with the float64 engine (engine/classes.ts, forward.ts) at every pixel
 * centre to float32 accuracy, on a 2-input and on a 5-input plane slice; the margin and argmax modes draw
 * without a WebGL error and show their legends.
 */
import { describe, expect, it } from 'vitest';
import { classMargin } from '../../src/engine/classes.ts';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { type Network, toModelJson } from '../../src/engine/model.ts';
import { type Plane, type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { axesPlane } from '../../src/engine/planes.ts';
import { type AppPage, useExplorerPages } from './harness.ts';

const SIZE = 48;
const { open } = useExplorerPages();
const view = { x0: -2, x1: 2, y0: -1.5, y1: 2.5 };

async function check(a: AppPage, net: Network, plane: Plane | undefined): Promise<void> {
  const r = await a.page.evaluate(async () => {
    const api = window.reluOrigami!;
    await api.setMode('margin');
    await api.render();
    const margin = Array.from(await api.readValues('margin'));
    const out2 = Array.from(await api.readValues('output', 2));
    const legend = (document.querySelector('.axes-layer') as HTMLElement).dataset.colourBar;
    return { margin, out2, legend };
  });
  expect(r.legend).toContain('margin: top-1 minus top-2');
  const map = planeMap(net.inputDim, plane) as PlaneMap;
  const cpu = evaluateGrid(net, map, view, SIZE, SIZE);
  const nOut = 4;
  let worstMargin = 0;
  let worstOutput = 0;
  let scale = 0;
  for (let p = 0; p < SIZE * SIZE; p++) {
    const outs = cpu.output.subarray(nOut * p, nOut * p + nOut);
    const m = classMargin(outs);
    scale = Math.max(scale, Math.abs(outs[2]!), m);
    worstMargin = Math.max(worstMargin, Math.abs(r.margin[p]! - m));
    worstOutput = Math.max(worstOutput, Math.abs(r.out2[p]! - outs[2]!));
  }
  console.log(
    `inputs ${net.inputDim}: largest |GPU - engine| margin ${worstMargin.toExponential(2)}, ` +
      `output 2 ${worstOutput.toExponential(2)}, scale ${scale.toFixed(3)}`,
  );
  expect(scale).toBeGreaterThan(0.1);
  expect(worstMargin).toBeLessThan(1e-4 * scale);
  expect(worstOutput).toBeLessThan(1e-4 * scale);
}

describe('margin and chosen output of a 4-class network, GPU against the engine', () => {
  let a: AppPage;
  it('2 inputs; the argmax colour bar lists the classes', async () => {
    a = await open('', SIZE, SIZE);
    const net2 = initNetwork({ widths: [2, 12, 12, 4], activation: 'relu', seed: 21 });
    await a.page.evaluate(
      async (m, v) => {
        const api = window.reluOrigami!;
        await api.setExactCap(0);
        await api.resize(48, 48);
        await api.setModel(m);
        await api.setView(v);
      },
      toModelJson(net2) as unknown as Record<string, unknown>,
      view,
    );
    await check(a, net2, undefined);
    const classes = await a.page.evaluate(async () => {
      const api = window.reluOrigami!;
      await api.setHash(`${location.hash.replace(/&mode=[a-z]+/, '')}&mode=output&out=-1`);
      await api.render();
      return (document.querySelector('.axes-layer') as HTMLElement).dataset.colourBar;
    });
    expect(classes).toBe('argmax class: 4 classes');
  });

  it('a 5-input plane slice', async () => {
    const net5 = initNetwork({ widths: [5, 12, 10, 4], activation: 'leaky_relu', alpha: 0.05, seed: 22 });
    await a.page.evaluate(
      async (m, v) => {
        const api = window.reluOrigami!;
        await api.setModel(m);
        await api.setView(v);
        await api.setPlane({ kind: 'axes', i: 4, j: 2 });
      },
      toModelJson(net5) as unknown as Record<string, unknown>,
      view,
    );
    await check(a, net5, axesPlane(5, 4, 2) as Plane);
    await a.page.close();
  });
});
