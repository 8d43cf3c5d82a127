/**
 * Seeded networks are the same bit for bit in Node and in the browser, so a shared link, the command-line
 * tool and the page all mean the same network. The page imports the engine from the dev server; the same
 * sampling code (a string, so that the test runner does not rewrite its dynamic imports) runs in both.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import { deterministicLog } from '../../src/engine/rng.ts';
import { closeSession, openApp, openSession, type Session } from './harness.ts';

/** Body of a function (initNetwork, deterministicLog) => number[]: weights of seeded networks and logs. */
const SAMPLE = `
  const out = [];
  for (const [seed, activation, init] of [[1, 'relu', 'he'], [7, 'leaky_relu', 'glorot'], [123456, 'hardtanh', 'uniform']]) {
    const net = initNetwork({ widths: [2, 48, 48, 3], activation, seed, init });
    for (const L of net.layers) out.push(...L.weights, ...L.bias);
  }
  const xs = [5e-324, 1e-300, 0.1, 0.5, 0.7071067811865476, 1, 1.5, Math.E, 10, 1e300];
  for (let k = 1; k < 2000; k++) xs.push(k / 2001, 1 + k / 997);
  for (const x of xs) out.push(deterministicLog(x));
  return out;
`;

let session: Session | undefined;

beforeAll(async () => {
  session = await openSession();
});

afterAll(async () => {
  await closeSession(session);
});

it('seeded networks and deterministicLog give the same float64 bits in Chromium as in Node', async () => {
  const app = await openApp(session!);
  const inBrowser = (await app.page.evaluate(`(async () => {
    const { initNetwork } = await import('/src/engine/init.ts');
    const { deterministicLog } = await import('/src/engine/rng.ts');
    ${SAMPLE}
  })()`)) as number[];
  const inNode = new Function('initNetwork', 'deterministicLog', SAMPLE)(
    initNetwork,
    deterministicLog,
  ) as number[];
  expect(inNode.length).toBeGreaterThan(10_000);
  expect(inBrowser.length).toBe(inNode.length);
  let differ = 0;
  for (let i = 0; i < inNode.length; i++) if (!Object.is(inBrowser[i], inNode[i])) differ++;
  expect(differ).toBe(0);
  expect(app.errors).toEqual([]);
});
