/**
 * The CPU renderer's pixel rule in Node, one thread: milliseconds to evaluate and colour a 256 x 256 image
 * (engine/pixels.ts + render/cpu/colour.ts, the work of one frame at full resolution) of the benchmark
 * networks 2-16x3 and 2-32x4 on [-4, 4]^2, regions and gradient modes; the best of 3 runs. Prints one JSON
 * line per case. Run: `node --import tsx bench/node/cpuRender.ts`.
 */
import { initNetwork } from '../../src/engine/init.ts';
import { evaluatePixels, neighbourRect } from '../../src/engine/pixels.ts';
import { type PlaneMap, planeMap } from '../../src/engine/plane.ts';
import { colourPixels, colourPlan } from '../../src/render/cpu/colour.ts';

const SIZE = 256;
const map = planeMap(2, undefined) as PlaneMap;
const view = { x0: -4, x1: 4, y0: -4, y1: 4 };
for (const [W, L] of [
  [16, 3],
  [32, 4],
] as const) {
  const net = initNetwork({ widths: [2, ...Array(L).fill(W), 1], activation: 'relu', seed: 1 });
  for (const mode of ['regions', 'gradient'] as const) {
    const plan = colourPlan(net, { mode, layer: 1, output: 0, probe: -1, boundaries: true, range: 1 });
    const crop = { x: 0, y: 0, width: SIZE, height: SIZE };
    const rgba = new Uint8Array(4 * SIZE * SIZE);
    let best = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const block = evaluatePixels(net, map, view, SIZE, SIZE, neighbourRect(crop, SIZE), plan);
      colourPixels(block, plan, SIZE, crop, rgba);
      best = Math.min(best, performance.now() - t0);
    }
    const macs = SIZE * SIZE * (2 * W + (L - 1) * W * W + W);
    console.log(
      JSON.stringify({
        network: `2-${W}x${L}-1`,
        mode,
        size: SIZE,
        ms: Math.round(best),
        macsPerSecond: Math.round(macs / (best / 1000)),
      }),
    );
  }
}
