/**
 * The worker's job loop (createJobHost in app/regionsProtocol.ts) driven directly: answers, cancels of
 * queued and of answered jobs (nothing is kept of them), and the crash test hook.
 */
import { describe, expect, it } from 'vitest';
import {
  createJobHost,
  type FromWorker,
  type RegionsJob,
  type ToWorker,
} from '../../src/app/regionsProtocol.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { toModelJson } from '../../src/engine/model.ts';
import type { Window } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';

const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 3 });
const win: Window = { x0: -3, x1: 3, y0: -3, y1: 3 };
const countJob: RegionsJob = { kind: 'count', layers: 2, maxRegions: 100_000, maxPolygons: 0 };
const settle = () => new Promise((r) => setTimeout(r, 5));

describe('regions worker host', () => {
  it('forgets a cancel of a job it already answered, and drops a queued job it is told to cancel', async () => {
    const posted: FromWorker[] = [];
    const host = createJobHost((m) => posted.push(m));
    const run = (id: number): Extract<ToWorker, { type: 'run' }> => ({
      type: 'run',
      id,
      model: JSON.parse(JSON.stringify(toModelJson(net))),
      window: win,
      job: countJob,
    });
    host.receive(run(1));
    expect(host.held).toBe(1);
    await settle();
    expect(posted.map((m) => m.type)).toEqual(['done']);
    const truth = enumerateRegions(net, win);
    if (typeof truth === 'string') throw new Error(truth);
    expect(posted[0]).toMatchObject({ id: 1, answer: { kind: 'count', count: truth.count, complete: true } });
    host.receive({ type: 'cancel', id: 1 });
    expect(host.held).toBe(0);
    expect(posted).toHaveLength(1);
    host.receive(run(2));
    host.receive({ type: 'cancel', id: 2 });
    expect(host.held).toBe(0);
    expect(posted[1]).toEqual({ type: 'cancelled', id: 2 });
    await settle();
    expect(posted).toHaveLength(2);
    expect(() => host.receive({ ...run(3), crash: true })).toThrow(/crashed on purpose/);
    expect(host.held).toBe(0);
    await settle();
    expect(posted).toHaveLength(2);
  });
});
