/**
 * The HUD's streamed exact count through the regions service and its protocol: with the worker's real job
 * host, every streamed count is a lower bound that never decreases, the fraction of the view grows to 1,
 * and the last streamed count equals the answer and the engine's single-pass enumeration; budgets stop
 * it with what it covered. The ExactCounter drops a running count the moment the view changes: its worker
 * is ended, nothing it reports later reaches the HUD, and the next view's count starts on a fresh worker.
 */
import { describe, expect, it } from 'vitest';
import { ExactCounter, type ExactResult, stoppedMessage } from '../../src/app/exact.ts';
import { viewWindow } from '../../src/app/network.ts';
import {
  createJobHost,
  type FromWorker,
  type RegionsJob,
  type ToWorker,
} from '../../src/app/regionsProtocol.ts';
import { RegionsService, type WorkerLike } from '../../src/app/regionsService.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { EXACT_DEBOUNCE_MS } from '../../src/engine/limits.ts';
import type { Network } from '../../src/engine/model.ts';
import type { Window } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { defaultState } from '../../src/state/appState.ts';

const net = initNetwork({ widths: [2, 24, 24, 24, 1], activation: 'relu', seed: 4 });
const win: Window = { x0: -3, x1: 3, y0: -3, y1: 3 };
const streamJob: RegionsJob & { kind: 'stream' } = {
  kind: 'stream',
  layers: 3,
  maxPolygons: 0,
  tileRegions: 64,
};

/** The engine's single-pass count. */
function single(n: Network, w: Window, layers?: number): number {
  const e = enumerateRegions(n, w, layers === undefined ? {} : { layers });
  if (typeof e === 'string') throw new Error(e);
  return e.count;
}

/** A worker running the real job host, its messages crossing on microtasks and its jobs on later tasks. */
class HostWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  terminated = false;
  private readonly host = createJobHost((m) => {
    if (!this.terminated) queueMicrotask(() => this.onmessage?.({ data: m }));
  });
  postMessage(m: ToWorker): void {
    queueMicrotask(() => {
      if (!this.terminated) this.host.receive(m);
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** A worker that records what it is sent; the test posts its replies. */
class ScriptedWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  readonly sent: ToWorker[] = [];
  terminated = false;
  postMessage(m: ToWorker): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: FromWorker): void {
    this.onmessage?.({ data: m });
  }
  lastRun(): Extract<ToWorker, { type: 'run' }> {
    const r = this.sent.filter((m) => m.type === 'run').at(-1);
    if (r?.type !== 'run') throw new Error('no job was sent');
    return r;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('stream jobs through the service and the worker host', () => {
  it('streams monotone lower bounds whose last equals the exact count', async () => {
    const svc = new RegionsService({ createWorker: () => new HostWorker() });
    const seen: { n: number; f: number }[] = [];
    const a = await svc.ask(net, win, streamJob, { onProgress: (n, f) => seen.push({ n, f: f ?? -1 }) });
    const truth = single(net, win, 3);
    expect(a).toMatchObject({ kind: 'stream', count: truth, complete: true, stopped: null, fraction: 1 });
    expect(a.tiles).toBeGreaterThan(10);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.n).toBeGreaterThanOrEqual(seen[i - 1]!.n);
      expect(seen[i]!.f).toBeGreaterThan(seen[i - 1]!.f);
    }
    for (const p of seen) expect(p.n).toBeLessThanOrEqual(truth);
    expect(seen[0]!.f).toBeGreaterThan(0);
    expect(seen.at(-1)).toEqual({ n: truth, f: 1 });
  });

  it('counts after k layers and returns the polygons of a view that fits in one tile', async () => {
    const svc = new RegionsService({ createWorker: () => new HostWorker() });
    const small = await svc.ask(net, { x0: 0, x1: 0.5, y0: 0, y1: 0.5 }, { ...streamJob, maxPolygons: 5000 });
    const e = enumerateRegions(net, { x0: 0, x1: 0.5, y0: 0, y1: 0.5 }, { layers: 3 });
    if (typeof e === 'string') throw new Error(e);
    expect(small.count).toBe(e.count);
    expect(small.polygons).toEqual(e.regions.map((g) => g.polygon));
    expect(small.hashes).toHaveLength(2 * e.count);
    const one = await svc.ask(net, win, { ...streamJob, layers: 1 });
    expect(one.count).toBe(single(net, win, 1));
  });

  it('stops at a time budget with the fraction counted, and at a cap', async () => {
    const svc = new RegionsService({ createWorker: () => new HostWorker() });
    const t = await svc.ask(net, win, { ...streamJob, budgetMs: 0 });
    expect(t).toMatchObject({ complete: false, stopped: 'time', count: 0, fraction: 0 });
    const c = await svc.ask(net, win, { ...streamJob, maxRegions: 50 });
    expect(c.stopped).toBe('cap');
    expect(c.count).toBeGreaterThanOrEqual(50);
    expect(c.fraction).toBeLessThan(1);
    expect(stoppedMessage('time', 31_200, 0.634, { budgetMs: 20_000, memoryBytes: 0, cap: 0 })).toBe(
      'stopped at the 20 s budget: at least 31,200 regions, 63% of the view counted',
    );
  });
});

describe('the ExactCounter on a view change', () => {
  it('drops the running count at once and counts the new view on a fresh worker', async () => {
    const made: ScriptedWorker[] = [];
    const svc = new RegionsService({ createWorker: () => made[made.push(new ScriptedWorker()) - 1]! });
    const results: (ExactResult | null)[] = [];
    const progress: number[] = [];
    const counter = new ExactCounter(
      svc,
      (r) => results.push(r),
      (n) => progress.push(n),
    );
    const state = defaultState();
    counter.request(net, state);
    expect(results).toEqual([null]);
    await sleep(EXACT_DEBOUNCE_MS + 20);
    const w1 = made[0]!;
    const job1 = w1.lastRun();
    expect(job1.job.kind).toBe('stream');
    expect(job1.window).toEqual(viewWindow(net, state.view));
    w1.reply({ type: 'progress', id: job1.id, regions: 120, fraction: 0.25 });
    expect(progress).toEqual([120]);
    // Pan: the HUD is cleared in the same task, the old worker is ended and hears nothing more.
    const panned = { ...state, view: { ...state.view, x0: -2, x1: 4 } };
    counter.request(net, panned);
    expect(results).toEqual([null, null]);
    expect(w1.terminated).toBe(true);
    w1.reply({ type: 'progress', id: job1.id, regions: 240, fraction: 0.5 });
    w1.reply({ type: 'done', id: job1.id, answer: { ...streamAnswer(999) } });
    expect(progress).toEqual([120]);
    expect(results).toEqual([null, null]);
    await sleep(EXACT_DEBOUNCE_MS + 20);
    const w2 = made[1]!;
    const job2 = w2.lastRun();
    expect(job2.window).toEqual(viewWindow(net, panned.view));
    w2.reply({ type: 'progress', id: job2.id, regions: 77, fraction: 1 });
    w2.reply({ type: 'done', id: job2.id, answer: streamAnswer(77) });
    expect(progress).toEqual([120, 77]);
    expect(await counter.result()).toEqual({ count: 77, complete: true, fraction: 1 });
  });
});

/** A made-up complete stream answer. */
function streamAnswer(count: number) {
  return {
    kind: 'stream' as const,
    count,
    complete: true,
    stopped: null,
    fraction: 1,
    elapsedMs: 0,
    tiles: 1,
    splits: 0,
    crossing: 0,
    peakBytes: 0,
    polygons: [],
    hashes: new Uint32Array(),
    areas: new Float64Array(),
  };
}
