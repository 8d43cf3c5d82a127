/**
 * The regions service against fake workers: one that runs the worker's real job host (app/regionsProtocol.ts)
 * on later tasks, and one whose replies the test scripts. Answers are compared with the engine's own
 * enumeration of the same view.
 */
import { describe, expect, it } from 'vitest';
import {
  createJobHost,
  type FromWorker,
  type JobHost,
  PROGRESS_EVERY,
  type RegionsJob,
  type ToWorker,
} from '../../src/app/regionsProtocol.ts';
import { RegionsService, type WorkerLike } from '../../src/app/regionsService.ts';
import { initNetwork } from '../../src/engine/init.ts';
import type { Window } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { plainRegion } from '../../src/engine/shared-region.ts';

const net = initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 3 });
const win: Window = { x0: -3, x1: 3, y0: -3, y1: 3 };
const win2: Window = { x0: -1, x1: 2, y0: -2, y1: 1 };
const countJob: RegionsJob & { kind: 'count' } = {
  kind: 'count',
  layers: 2,
  maxRegions: 100_000,
  maxPolygons: 10_000,
};
const regionsJob: RegionsJob & { kind: 'regions' } = { kind: 'regions', maxRegions: 100_000, budgetMs: 1e9 };
const depthsJob: RegionsJob & { kind: 'depths' } = {
  kind: 'depths',
  depths: [1, 2, 3],
  maxRegions: 100_000,
  budgetMs: 1e9,
};

/** A worker running the real job host; its messages cross on microtasks and jobs run on later tasks. */
class HostWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  readonly sent: ToWorker[] = [];
  terminated = false;
  readonly host: JobHost;
  /** `schedule` is the host's task queue (default: a later task; `(run) => run()` runs a job on receipt). */
  constructor(schedule?: (run: () => void) => void) {
    this.host = createJobHost((m) => {
      if (!this.terminated) queueMicrotask(() => this.onmessage?.({ data: m }));
    }, schedule);
  }
  postMessage(m: ToWorker): void {
    this.sent.push(m);
    queueMicrotask(() => {
      if (this.terminated) return;
      try {
        this.host.receive(m);
      } catch (e) {
        this.onerror?.({ message: (e as Error).message });
      }
    });
  }
  terminate(): void {
    this.terminated = true;
  }
  runs(): number {
    return this.sent.filter((m) => m.type === 'run').length;
  }
}

/** A worker that only records what it is sent; the test posts its replies with `reply`. */
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
  /** The id of the last job it was sent. */
  lastRun(): number {
    const r = this.sent.filter((m) => m.type === 'run').at(-1);
    if (!r) throw new Error('no job was sent');
    return r.id;
  }
}

/** A worker factory that keeps every worker it made. */
function factory<W extends WorkerLike>(make: () => W): { made: W[]; create: () => W } {
  const made: W[] = [];
  return { made, create: () => made[made.push(make()) - 1]! };
}

/** The engine's own count answer for `job` on `window`. */
function engineCount(w: Window, layers: number) {
  const r = enumerateRegions(net, w, { layers, maxRegions: countJob.maxRegions });
  if (typeof r === 'string') throw new Error(r);
  return r;
}

/** A made-up count answer (for scripted replies). */
const countAnswer = (count: number) => ({
  kind: 'count' as const,
  count,
  complete: true,
  stopped: null,
  elapsedMs: 0,
  polygons: [],
  hashes: new Uint32Array(),
  areas: new Float64Array(),
});

describe('regions service: shared jobs', () => {
  it('runs two askers of one job once and gives both the same answer', async () => {
    const f = factory(() => new HostWorker());
    const svc = new RegionsService({ createWorker: f.create, poolSize: 2 });
    const [a, b] = await Promise.all([svc.ask(net, win, countJob), svc.ask(net, win, { ...countJob })]);
    expect(f.made).toHaveLength(1);
    expect(f.made[0]!.runs()).toBe(1);
    expect(svc.started).toBe(1);
    expect(b).toBe(a);
    expect(a.count).toBe(engineCount(win, 2).count);
    // Known now: a third ask is answered from memory without a run.
    expect(await svc.ask(net, win, countJob)).toBe(a);
    expect(svc.now(net, win, countJob)).toBe(a);
    expect(svc.started).toBe(1);
  });

  it('treats a different view, job or network object as a different job', async () => {
    const f = factory(() => new HostWorker());
    const svc = new RegionsService({ createWorker: f.create, poolSize: 1 });
    const copy = initNetwork({ widths: [2, 8, 8, 1], activation: 'relu', seed: 3 });
    const [a, b, c, d] = await Promise.all([
      svc.ask(net, win, countJob),
      svc.ask(net, win2, countJob),
      svc.ask(net, win, { ...countJob, layers: 1 }),
      svc.ask(copy, win, countJob),
    ]);
    expect(svc.started).toBe(4);
    expect(f.made[0]!.runs()).toBe(4);
    expect(a.count).toBe(engineCount(win, 2).count);
    expect(b.count).toBe(engineCount(win2, 2).count);
    expect(c.count).toBe(engineCount(win, 1).count);
    expect(d.count).toBe(a.count);
    expect(b.count).not.toBe(a.count);
  });
});

describe('regions service: aborts', () => {
  it('rejects an aborted asker while another asker of the job still gets the answer', async () => {
    const f = factory(() => new ScriptedWorker());
    const svc = new RegionsService({ createWorker: f.create });
    const abort = new AbortController();
    const a = svc.ask(net, win, countJob, { signal: abort.signal });
    const b = svc.ask(net, win, countJob);
    const w = f.made[0]!;
    abort.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    // One asker is left, so the job is not cancelled.
    expect(w.sent.map((m) => m.type)).toEqual(['run']);
    const answer = countAnswer(7);
    w.reply({ type: 'done', id: w.lastRun(), answer });
    expect(await b).toBe(answer);
  });

  it('ends the worker of a running job once its last asker aborts, and hears nothing more of it', async () => {
    const f = factory(() => new ScriptedWorker());
    const svc = new RegionsService({ createWorker: f.create, poolSize: 1 });
    const abort = new AbortController();
    const a = svc.ask(net, win, countJob, { signal: abort.signal });
    const w = f.made[0]!;
    const id = w.lastRun();
    abort.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    // Without a shared stop word the worker cannot see a message before its job ends: it is ended.
    expect(w.terminated).toBe(true);
    expect(w.onmessage).toBeNull();
    expect(svc.ended).toBe(1);
    expect(svc.pending).toBe(0);
    // The next job starts at once, on a fresh worker; the old one's late answer reaches nobody.
    const b = svc.ask(net, win2, countJob);
    expect(f.made).toHaveLength(2);
    const w2 = f.made[1]!;
    expect(w2.sent[0]?.type).toBe('run');
    w.reply({ type: 'done', id, answer: countAnswer(3) });
    expect(svc.now(net, win, countJob)).toBeNull();
    w2.reply({ type: 'done', id: w2.lastRun(), answer: countAnswer(5) });
    expect((await b).count).toBe(5);
  });

  it('drops a job still queued in the service without a message, and rejects an already aborted ask', async () => {
    const f = factory(() => new ScriptedWorker());
    const svc = new RegionsService({ createWorker: f.create, poolSize: 1 });
    void svc.ask(net, win, countJob);
    const abort = new AbortController();
    const queued = svc.ask(net, win2, countJob, { signal: abort.signal });
    abort.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    await expect(svc.ask(net, win2, countJob, { signal: abort.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(f.made[0]!.sent.map((m) => m.type)).toEqual(['run']);
    expect(svc.pending).toBe(1);
  });

  it('cancels with the real host before the job starts; the fresh worker answers the next job', async () => {
    const f = factory(() => new HostWorker());
    const svc = new RegionsService({ createWorker: f.create, poolSize: 1 });
    const abort = new AbortController();
    const a = svc.ask(net, win, regionsJob, { signal: abort.signal });
    abort.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    const w = f.made[0]!;
    expect(w.sent.map((m) => m.type)).toEqual(['run']);
    expect(w.terminated).toBe(true);
    const b = await svc.ask(net, win2, countJob);
    expect(b.count).toBe(engineCount(win2, 2).count);
    expect(f.made).toHaveLength(2);
    expect(f.made[1]!.host.held).toBe(0);
  });
});

describe('regions service: failures and progress', () => {
  it('rejects every pending request when a worker dies, and starts a fresh worker after', async () => {
    const f = factory(() => new ScriptedWorker());
    const svc = new RegionsService({ createWorker: f.create, poolSize: 2 });
    const a = svc.ask(net, win, countJob);
    const b = svc.ask(net, win2, countJob);
    const c = svc.ask(net, win, { ...countJob, layers: 1 });
    expect(f.made).toHaveLength(2);
    f.made[1]!.onerror?.({ message: 'out of memory' });
    for (const p of [a, b, c]) await expect(p).rejects.toThrow(/^the regions worker failed: out of memory/);
    expect(f.made.every((w) => w.terminated)).toBe(true);
    expect(svc.pending).toBe(0);
    const d = svc.ask(net, win, countJob);
    expect(f.made).toHaveLength(3);
    const w = f.made[2]!;
    w.onerror?.({});
    await expect(d).rejects.toThrow(/^the regions worker failed: it stopped without a message/);
  });

  it('fails like a dead worker through the crash hook, then answers with a new worker', async () => {
    const f = factory(() => new HostWorker());
    const svc = new RegionsService({ createWorker: f.create, poolSize: 1 });
    svc.crashNextJobForTest();
    const a = svc.ask(net, win, countJob);
    const b = svc.ask(net, win2, countJob);
    await expect(a).rejects.toThrow(/^the regions worker failed: the regions worker was crashed on purpose/);
    await expect(b).rejects.toThrow(/^the regions worker failed/);
    expect((await svc.ask(net, win, countJob)).count).toBe(engineCount(win, 2).count);
    expect(f.made).toHaveLength(2);
    expect(f.made[0]!.terminated).toBe(true);
  });

  it('crashes the worker before a marked job runs, even where the worker would run it at once', async () => {
    const f = factory(() => new HostWorker((run) => run()));
    const svc = new RegionsService({ createWorker: f.create, poolSize: 1 });
    const first = await svc.ask(net, win, countJob);
    svc.crashNextJobForTest('regions');
    // Jobs of other kinds run as usual until a `regions` job is sent.
    expect((await svc.ask(net, win2, countJob)).count).toBe(engineCount(win2, 2).count);
    await expect(svc.ask(net, win, regionsJob)).rejects.toThrow(
      /^the regions worker failed: .*crashed on purpose/,
    );
    expect(f.made[0]!.terminated).toBe(true);
    expect(await svc.ask(net, win, countJob)).toBe(first);
    expect((await svc.ask(net, win, regionsJob)).enumeration.count).toBe(first.count);
    expect(f.made).toHaveLength(2);
  });

  it('rejects a job the engine refuses with the engine reason and keeps the worker', async () => {
    const f = factory(() => new HostWorker());
    const svc = new RegionsService({ createWorker: f.create, poolSize: 1 });
    const bad: Window = { x0: 1, x1: -1, y0: 0, y1: 1 };
    const reason = enumerateRegions(net, bad);
    expect(typeof reason).toBe('string');
    await expect(svc.ask(net, bad, regionsJob)).rejects.toThrow(reason as string);
    expect((await svc.ask(net, win, countJob)).count).toBe(engineCount(win, 2).count);
    expect(f.made).toHaveLength(1);
  });

  it('fails every asker with the reason when no worker can be started, and recovers', async () => {
    let broken = true;
    const f = factory(() => {
      if (broken) throw new Error('the worker script was blocked');
      return new HostWorker();
    });
    const svc = new RegionsService({ createWorker: f.create });
    await expect(svc.ask(net, win, countJob)).rejects.toThrow(
      /^the regions worker failed: the worker script was blocked/,
    );
    expect(svc.pending).toBe(0);
    broken = false;
    expect((await svc.ask(net, win, countJob)).count).toBe(engineCount(win, 2).count);
  });

  it('passes progress reports to every asker of the job', async () => {
    const f = factory(() => new ScriptedWorker());
    const svc = new RegionsService({ createWorker: f.create });
    const seenA: number[] = [];
    const seenB: number[] = [];
    const a = svc.ask(net, win, regionsJob, { onProgress: (n) => seenA.push(n) });
    const b = svc.ask(net, win, regionsJob, { onProgress: (n) => seenB.push(n) });
    const w = f.made[0]!;
    const id = w.lastRun();
    w.reply({ type: 'progress', id, regions: 2000 });
    w.reply({ type: 'progress', id, regions: 4000 });
    w.reply({ type: 'error', id, error: 'stopped' });
    await expect(a).rejects.toThrow('stopped');
    await expect(b).rejects.toThrow('stopped');
    expect(seenA).toEqual([2000, 4000]);
    expect(seenB).toEqual([2000, 4000]);
  });

  it('reports the real progress of a large enumeration', async () => {
    const big = initNetwork({ widths: [2, 40, 40, 1], activation: 'relu', seed: 3 });
    const svc = new RegionsService({ createWorker: () => new HostWorker() });
    const seen: number[] = [];
    const job = { kind: 'count' as const, layers: 2, maxRegions: 100_000, maxPolygons: 0 };
    const a = await svc.ask(big, win, job, { onProgress: (n) => seen.push(n) });
    const truth = enumerateRegions(big, win);
    if (typeof truth === 'string') throw new Error(truth);
    expect(a.count).toBe(truth.count);
    expect(truth.count).toBeGreaterThan(PROGRESS_EVERY);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen[0]).toBeGreaterThanOrEqual(PROGRESS_EVERY);
    expect(seen[seen.length - 1]).toBeLessThanOrEqual(truth.count);
  });
});

describe('regions service: answers equal the engine', () => {
  const check = async (svc: RegionsService) => {
    const truth = enumerateRegions(net, win);
    if (typeof truth === 'string') throw new Error(truth);
    const [c, r, d] = await Promise.all([
      svc.ask(net, win, countJob),
      svc.ask(net, win, regionsJob),
      svc.ask(net, win, depthsJob),
    ]);
    expect(c.count).toBe(truth.count);
    expect(c.complete).toBe(true);
    expect(c.polygons).toEqual(truth.regions.map((g) => g.polygon));
    expect(Array.from(c.areas)).toEqual(truth.regions.map((g) => g.area));
    expect(c.hashes).toHaveLength(2 * truth.count);
    expect(r.timedOut).toBe(false);
    // The answer's regions are plain data (they cross by structured clone); the engine's are shared regions.
    expect(r.enumeration).toEqual({ ...truth, regions: truth.regions.map(plainRegion) });
    expect(d.depths).toEqual(
      depthsJob.depths.map((layer) => {
        const e = enumerateRegions(net, win, { layers: layer, maxRegions: depthsJob.maxRegions });
        if (typeof e === 'string') throw new Error(e);
        return { layer, count: e.count, complete: e.complete };
      }),
    );
    return { c, r, d };
  };

  it('answers count, regions and depths jobs like enumerateRegions in workers', async () => {
    const svc = new RegionsService({ createWorker: () => new HostWorker(), poolSize: 2 });
    expect(svc.hasWorkers).toBe(true);
    await check(svc);
  });

  it('answers the same on the calling thread where there are no workers', async () => {
    const svc = new RegionsService({ createWorker: null });
    expect(svc.hasWorkers).toBe(false);
    const viaWorkers = await check(new RegionsService({ createWorker: () => new HostWorker() }));
    const here = await check(svc);
    expect(here.c.count).toBe(viaWorkers.c.count);
    expect(here.r.enumeration).toEqual(viaWorkers.r.enumeration);
    expect(svc.now(net, win, countJob)).toBe(here.c);
    const bad: Window = { x0: 1, x1: -1, y0: 0, y1: 1 };
    await expect(svc.ask(net, bad, regionsJob)).rejects.toThrow(enumerateRegions(net, bad) as string);
    expect(svc.pending).toBe(0);
  });
});
