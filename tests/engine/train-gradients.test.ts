/**
 * Back-propagation against central finite differences in float64, for every loss (bce, softmax, mse) and
 * every activation (relu, leaky_relu, prelu with its trainable slopes, abs, hardtanh, linear), on small
 * seeded networks and points away from kinks (the step h = 1e-6 would otherwise cross a kink).
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../src/engine/activations.ts';
import { Rng } from '../../src/engine/rng.ts';
import { Backprop } from '../../src/engine/train/backprop.ts';
import { makeDataset } from '../../src/engine/train/data.ts';
import type { LossName } from '../../src/engine/train/losses.ts';
import { createTrainer } from '../../src/engine/train/trainer.ts';

const CASES: Array<{ loss: LossName; outputs: number }> = [
  { loss: 'bce', outputs: 1 },
  { loss: 'softmax', outputs: 3 },
  { loss: 'mse', outputs: 1 },
];

describe('gradients vs central finite differences', () => {
  for (const act of ACTIVATIONS) {
    for (const { loss, outputs } of CASES) {
      it(`${act}, ${loss}`, () => {
        const rng = new Rng(42);
        const n = 6;
        const x = new Float64Array(2 * n);
        const y = new Float64Array(n);
        for (let p = 0; p < n; p++) {
          x[2 * p] = rng.uniform(-2, 2);
          x[2 * p + 1] = rng.uniform(-2, 2);
          y[p] = loss === 'mse' ? rng.normal() : p % (loss === 'bce' ? 2 : 3);
        }
        const data = makeDataset(
          { inputDim: 2, count: n, x, y },
          loss === 'mse' ? 'regression' : 'classification',
          1,
          1,
        );
        if (typeof data === 'string') throw new Error(data);
        const made = createTrainer({ widths: [2, 5, 4, outputs], activation: act, seed: 3 }, data);
        if (!made.ok) throw new Error(made.message);
        const t = made.trainer;
        expect(t.loss).toBe(loss);
        const bp = new Backprop(t.layout);
        const order = Uint32Array.from({ length: n }, (_, k) => k);
        const params = t.params.slice();
        const grad = new Float64Array(params.length);
        bp.batch(params, data.train, order, 0, n, loss, grad);
        const h = 1e-6;
        let checked = 0;
        let nonzero = 0;
        for (let k = 0; k < params.length; k++) {
          const p0 = params[k]!;
          params[k] = p0 + h;
          const up = bp.batch(params, data.train, order, 0, n, loss, null);
          params[k] = p0 - h;
          const down = bp.batch(params, data.train, order, 0, n, loss, null);
          params[k] = p0;
          const fd = (up - down) / (2 * h);
          expect(Math.abs(grad[k]! - fd), `parameter ${k}: ${grad[k]} vs ${fd}`).toBeLessThanOrEqual(
            1e-6 * Math.max(1, Math.abs(fd)),
          );
          checked++;
          if (Math.abs(grad[k]!) > 1e-3) nonzero++;
        }
        expect(checked).toBe(t.layout.size);
        // The check is not vacuous: most parameters have a gradient well away from zero.
        expect(nonzero).toBeGreaterThan(t.layout.size / 4);
      });
    }
  }
});
