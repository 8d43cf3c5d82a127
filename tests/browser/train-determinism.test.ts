/**
 * The trainer gives the same weights bit for bit in Chromium as in Node: the same runs (datasets, Adam and
 * SGD, relu, abs and prelu, a few hundred steps) execute in the page, with the engine imported from the dev
 * server, and in Node; every parameter and every dataset coordinate must match exactly. The sampling code
 * is a string, so that the test runner does not rewrite its dynamic imports.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDataset, generatePoints } from '../../src/engine/train/datasets.ts';
import { createTrainer } from '../../src/engine/train/trainer.ts';
import { closeSession, openApp, openSession, type Session } from './harness.ts';

/** Body of a function (generateDataset, generatePoints, createTrainer) => number[]. */
const SAMPLE = `
  const out = [];
  const runs = [
    ['spiral', 0.03, { activation: 'relu' }, 400],
    ['rings', 0.05, { activation: 'abs', optimizer: 'sgd', learningRate: 0.02, l2: 1e-4 }, 200],
    ['bump', 0.05, { activation: 'prelu', batchSize: 7 }, 200],
    ['moons', 0.1, { activation: 'hardtanh', widths: [2, 8, 8, 2] }, 200],
  ];
  for (const [name, noise, config, steps] of runs) {
    const data = generateDataset({ name, noise, points: 300, seed: 3 });
    const made = createTrainer({ widths: [2, 16, 16, 16, 1], seed: 1, ...config }, data);
    made.trainer.step(steps);
    out.push(...made.trainer.params);
  }
  for (const name of ['circle', 'xor', 'gaussians', 'spiral', 'moons', 'checkerboard', 'rings', 'plane', 'bump', 'sawtooth']) {
    const p = generatePoints({ name, noise: 0.05, points: 200, seed: 7 });
    out.push(...p.x, ...p.y);
  }
  return out;
`;

let session: Session | undefined;

beforeAll(async () => {
  session = await openSession();
});

afterAll(async () => {
  await closeSession(session);
});

it('trained weights and dataset points are the same float64 bits in Chromium as in Node', async () => {
  const app = await openApp(session!);
  const inBrowser = (await app.page.evaluate(`(async () => {
    const { generateDataset, generatePoints } = await import('/src/engine/train/datasets.ts');
    const { createTrainer } = await import('/src/engine/train/trainer.ts');
    ${SAMPLE}
  })()`)) as number[];
  const inNode = new Function('generateDataset', 'generatePoints', 'createTrainer', SAMPLE)(
    generateDataset,
    generatePoints,
    createTrainer,
  ) as number[];
  expect(inNode.length).toBeGreaterThan(5_000);
  expect(inBrowser.length).toBe(inNode.length);
  let differ = 0;
  for (let i = 0; i < inNode.length; i++) if (!Object.is(inBrowser[i], inNode[i])) differ++;
  expect(differ).toBe(0);
  expect(app.errors).toEqual([]);
});
