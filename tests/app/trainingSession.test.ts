/**
 * The training session and its worker protocol, driven with a fake worker that runs the real training host
 * (app/trainingProtocol.ts) on later tasks, and a fake explorer whose frames take a few milliseconds. Every
 * frame shown is checked against the engine's trainer run separately to the same step with the settings of
 * the state at that moment: no frame shows weights of a replaced run, of another step than the one
 * reported, or arrives while the previous frame is still being drawn.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DataStore } from '../../src/app/dataStore.ts';
import { ThinnedList } from '../../src/app/timeline.ts';
import { showTrainingPoints, TRAINING_SOURCE } from '../../src/app/trainingData.ts';
import { startRun, type TrainRun } from '../../src/app/trainingProtocol.ts';
import { type TrainerWorkerLike, TrainingSession } from '../../src/app/trainingSession.ts';
import { meanLocalComplexityAtPoints, meanLocalComplexityOverView } from '../../src/engine/complexity.ts';
import type { Network } from '../../src/engine/model.ts';
import { planeMap } from '../../src/engine/plane.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import type { Dataset } from '../../src/engine/train/data.ts';
import { layoutOf, networkView, writeParams } from '../../src/engine/train/layout.ts';
import type { Trainer } from '../../src/engine/train/trainer.ts';
import { type AppState, cloneState, defaultState } from '../../src/state/appState.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';
import { HostWorker } from './lib/hostWorker.ts';

/** A seeded generator for the test's own choices (delays, actions). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const cadence = { recordEvery: 5, snapshotEvery: 10, regionsEvery: 0 };
const runOf = (s: AppState): TrainRun => ({
  architecture: s.architecture,
  training: s.training,
  recordEvery: cadence.recordEvery,
  snapshotEvery: cadence.snapshotEvery,
});

/** The engine's trainer for a state, stepped forward (or restarted) to any step asked for. */
class Reference {
  private readonly runs = new Map<string, Trainer>();
  paramsAt(s: AppState, step: number): Float64Array {
    const key = JSON.stringify([s.architecture, s.training]);
    let t = this.runs.get(key);
    if (!t || t.steps > step) {
      const r = startRun(runOf(s));
      if (typeof r === 'string') throw new Error(r);
      t = r.trainer;
      this.runs.set(key, t);
    }
    t.step(step - t.steps);
    return t.params.slice();
  }
}

/** A fake explorer: frames take 0 to 3 ms; every frame shown is checked against the reference. */
class FakeApp {
  state: AppState;
  session!: TrainingSession;
  drawing = false;
  frames = 0;
  readonly problems: string[] = [];
  readonly messages: string[] = [];
  private readonly ref = new Reference();
  constructor(
    state: AppState,
    private readonly rand: () => number,
  ) {
    this.state = state;
  }
  showWeights(net: Network, _settled: boolean): void {
    if (this.drawing) this.problems.push('weights shown while a frame was being drawn');
    this.drawing = true;
    this.frames++;
    const step = this.session.status().step;
    const shown = writeParams(net, layoutOf(net), new Float64Array(layoutOf(net).size));
    const want = this.ref.paramsAt(this.state, step);
    if (shown.length !== want.length || shown.some((v, i) => !Object.is(v, want[i])))
      this.problems.push(`frame ${this.frames} (step ${step}) differs from the reference`);
    setTimeout(
      () => {
        this.drawing = false;
        this.session.frameDrawn();
      },
      Math.floor(this.rand() * 4),
    );
  }
  notify(_kind: string, text: string): void {
    this.messages.push(text);
  }
}

const sessions: TrainingSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.destroy();
});

function setup(seed = 1, state = defaultState(), clock?: () => number) {
  state.architecture.widths = [2, 6, 6, 1];
  const app = new FakeApp(state, lcg(seed));
  const worker = new HostWorker(clock);
  const session = new TrainingSession(app, () => worker, cadence);
  app.session = session;
  sessions.push(session);
  return { app, worker, session };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('training session', () => {
  it('trains N steps and shows exactly the engine trainer weights, records and snapshots', async () => {
    const { app, session } = setup();
    const r = await session.train(37);
    expect(r.step).toBe(37);
    expect(session.status().step).toBe(37);
    const ref = new Reference();
    expect(session.shownParameters()).toEqual(ref.paramsAt(app.state, 37));
    const recs = session.timeline.records.items;
    expect(recs.map((m) => m.step)).toEqual([0, 5, 10, 15, 20, 25, 30, 35]);
    const snaps = session.timeline.snapshots.items;
    expect(snaps.map((m) => m.step)).toEqual([0, 10, 20, 30]);
    for (const s of snaps) expect(s.params).toEqual(ref.paramsAt(app.state, s.step));
    const again = await session.train(3);
    expect(again.step).toBe(40);
    expect(app.problems).toEqual([]);
  });

  it('never shows a stale or torn frame across play, pause, step, reset and architecture changes', async () => {
    const { app, session, worker } = setup(7);
    const rand = lcg(99);
    session.speed = 3;
    for (let k = 0; k < 40; k++) {
      const x = rand();
      if (x < 0.25) session.play();
      else if (x < 0.4) session.pause();
      else if (x < 0.55) session.step(1 + Math.floor(rand() * 7));
      else if (x < 0.65) session.reset();
      else if (x < 0.75) {
        const s = cloneState(app.state);
        s.architecture.widths = [2, 3 + Math.floor(rand() * 4), 5, 1];
        app.state = s;
        session.stateChanged();
      } else if (x < 0.8) {
        const s = cloneState(app.state);
        s.training.learningRate = rand() < 0.5 ? 0.01 : 0.03;
        app.state = s;
        session.stateChanged();
      } else if (x < 0.85) session.speed = 1 + Math.floor(rand() * 5);
      await wait(Math.floor(rand() * 6));
    }
    session.pause();
    await wait(50);
    const r = await session.train(4);
    expect(app.problems).toEqual([]);
    expect(app.frames).toBeGreaterThan(20);
    // The generations sent only grow, and the worker was sent every kind of message.
    const gens = worker.sent.map((m) => m.gen);
    expect(gens.every((g, i) => i === 0 || g >= gens[i - 1]!)).toBe(true);
    expect(new Set(worker.sent.map((m) => m.type))).toEqual(
      new Set(['start', 'play', 'pause', 'step', 'speed']),
    );
    expect(session.shownParameters()).toEqual(new Reference().paramsAt(app.state, r.step));
  });

  it('drops updates of an older generation', async () => {
    const state = defaultState();
    state.architecture.widths = [2, 4, 1];
    const app = new FakeApp(state, lcg(3));
    let fake: TrainerWorkerLike | null = null;
    const session = new TrainingSession(
      app,
      () => {
        fake = { onmessage: null, onerror: null, postMessage() {}, terminate() {} };
        return fake;
      },
      cadence,
    );
    app.session = session;
    sessions.push(session);
    session.play();
    const gen = session.status().generation;
    session.reset();
    expect(session.status().generation).toBe(gen + 1);
    await wait(5);
    const before = app.frames;
    const started = startRun(runOf(state));
    if (typeof started === 'string') throw new Error(started);
    const params = started.trainer.params.map((v) => v + 1);
    fake!.onmessage!({ data: { type: 'update', gen, step: 99, params, records: [], playing: true } });
    await wait(5);
    expect(app.frames).toBe(before);
    expect(session.status().latestStep).toBe(0);
  });

  it('views an earlier snapshot and resumes from it, step for step as the uninterrupted run', async () => {
    const { app, session } = setup(5);
    await session.train(60);
    session.viewAt(27);
    await wait(20);
    expect(session.status().viewing).toBe(20);
    expect(session.status().step).toBe(20);
    const ref = new Reference();
    expect(session.shownParameters()).toEqual(ref.paramsAt(app.state, 20));
    const r = await session.train(15);
    expect(r.step).toBe(35);
    expect(session.shownParameters()).toEqual(ref.paramsAt(app.state, 35));
    expect(session.timeline.records.last()!.step).toBe(35);
    expect(session.timeline.snapshots.items.map((s) => s.step)).toEqual([0, 10, 20, 30]);
    expect(app.problems).toEqual([]);
  });

  it('plays with a fixed number of steps per update and pauses where the worker is', async () => {
    // A frozen clock: every update takes exactly `speed` steps.
    const { app, session } = setup(2, defaultState(), () => 0);
    session.speed = 4;
    session.play();
    await wait(150);
    session.pause();
    await wait(40);
    const s = session.status();
    expect(s.playing).toBe(false);
    expect(s.step % 4).toBe(0);
    expect(s.step).toBeGreaterThan(0);
    expect(session.shownParameters()).toEqual(new Reference().paramsAt(app.state, s.step));
  });

  it('refuses settings that do not fit, with a message, and a model not loaded', async () => {
    const state = defaultState();
    state.architecture.widths = [2, 4, 2, 3];
    state.training.dataset = 'bump';
    const { app, session } = setup(1, state);
    app.state.architecture.widths = [2, 4, 3];
    await expect(session.train(1)).rejects.toThrow(/regression target needs 1 output/);
    app.state.model = 'some file';
    app.state.architecture.widths = [2, 4, 1];
    await expect(session.train(1)).rejects.toThrow('the model "some file" is not loaded in this browser');
  });
});

describe('region counts over training', () => {
  it('counts the view at snapshot steps through the target, with the cap shown as incomplete', async () => {
    const state = defaultState();
    state.architecture.widths = [2, 6, 6, 1];
    const app = new FakeApp(state, lcg(4));
    const win = { x0: -3, x1: 3, y0: -3, y1: 3 };
    const counter = Object.assign(app, {
      countRegions(net: Network) {
        const e = enumerateRegions(net, win, { maxRegions: 30 });
        if (typeof e === 'string') throw new Error(e);
        return new Promise<{ count: number; complete: boolean }>((res) =>
          setTimeout(() => res({ count: e.count, complete: e.complete }), 1),
        );
      },
    });
    const worker = new HostWorker();
    const session = new TrainingSession(counter, () => worker, { ...cadence, regionsEvery: 10 });
    app.session = session;
    sessions.push(session);
    await wait(260);
    await session.train(10);
    await wait(260);
    await session.train(10);
    await wait(260);
    const counts = session.timeline.regions.items;
    expect(counts.map((c) => c.step)).toEqual([0, 10, 20]);
    for (const c of counts) {
      const p = new Reference().paramsAt(state, c.step);
      const r = startRun(runOf(state));
      if (typeof r === 'string') throw new Error(r);
      const e = enumerateRegions(networkView(r.layout, p), win);
      if (typeof e === 'string') throw new Error(e);
      // Capped at 30: a lower bound, marked incomplete, when the view has more.
      expect(c.complete).toBe(e.count <= 30);
      expect(c.count).toBe(e.count <= 30 ? e.count : c.count);
      expect(c.count).toBeLessThanOrEqual(e.count);
    }
    expect(session.status().regions).toEqual(counts[2]);
    expect(counts.some((c) => !c.complete)).toBe(true);
    expect(app.problems).toEqual([]);
  });
});

describe('training points on the map', () => {
  it('shows the run points (test points after testFrom), follows the dataset, clears for a model', async () => {
    const state = defaultState();
    state.architecture.widths = [2, 6, 6, 1];
    const app = new FakeApp(state, lcg(6));
    const store = new DataStore();
    const target = Object.assign(app, {
      showTrainingData: (d: Dataset | null) => showTrainingPoints(store, d),
    });
    const session = new TrainingSession(target, () => new HostWorker(), cadence);
    app.session = session;
    sessions.push(session);
    await session.train(5);
    const expectPointsOf = (s: AppState) => {
      const r = startRun(runOf(s));
      if (typeof r === 'string') throw new Error(r);
      const { train, test } = r.trainer.data;
      const d = store.get()!;
      expect(d.source).toBe(TRAINING_SOURCE);
      expect(d.testFrom).toBe(train.count);
      expect(d.points.count).toBe(train.count + test.count);
      expect(Array.from(d.points.x)).toEqual([...train.x, ...test.x]);
      expect(Array.from(d.points.y)).toEqual([...train.y, ...test.y]);
    };
    expectPointsOf(state);
    app.state.training.dataset = 'rings';
    session.stateChanged();
    expectPointsOf(app.state);
    app.state.model = 'a file';
    session.stateChanged();
    expect(store.get()).toBeNull();
    // Points of another source stay when a run starts.
    app.state.model = null;
    store.add([0.5, 0.5], 1, 2);
    await session.train(1);
    expect(store.get()!.source).toBe('map');
    expect(store.get()!.points.count).toBe(1);
  });
});

describe('mean local complexity over training', () => {
  it('records the engine means of the snapshot weights at the region-count steps', async () => {
    const state = defaultState();
    state.architecture.widths = [2, 6, 6, 1];
    const app = new FakeApp(state, lcg(5));
    const map = planeMap(2, undefined);
    if (typeof map === 'string') throw new Error(map);
    const view = { x0: -3, x1: 3, y0: -3, y1: 3 };
    const start = startRun(runOf(state));
    if (typeof start === 'string') throw new Error(start);
    const train = start.trainer.data.train;
    const s = train.x.filter((_, i) => i % 2 === 0);
    const t = train.x.filter((_, i) => i % 2 === 1);
    const probe = { map, view, radius: 0.4, s, t };
    const target = Object.assign(app, { complexityProbe: () => probe });
    const worker = new HostWorker();
    const session = new TrainingSession(target, () => worker, { ...cadence, regionsEvery: 10 });
    app.session = session;
    sessions.push(session);
    await wait(100);
    // Ten steps at a time: the update that ends each call is settled, so its snapshot step is always
    // measured (while steps run, the means are taken at most every COMPLEXITY_GAP_MS, as the clock allows).
    for (let k = 0; k < 3; k++) await session.train(10);
    await wait(100);
    const lc = session.timeline.complexity.items;
    expect(lc.map((c) => c.step)).toEqual([0, 10, 20, 30]);
    const ref = new Reference();
    for (const c of lc) {
      const net = networkView(start.layout, ref.paramsAt(state, c.step));
      expect(c.view).toBe(meanLocalComplexityOverView(net, map, view, 0.4, 24));
      expect(c.data).toBe(meanLocalComplexityAtPoints(net, map, s, t, 0.4));
      expect(c.view).toBeGreaterThan(0);
    }
    // Training moves the zero sets: the means are not all the same.
    expect(new Set(lc.map((c) => c.data)).size).toBeGreaterThan(1);
    expect(app.problems).toEqual([]);
  });
});

describe('training URL state', () => {
  it('two runs from the same hash give identical weights after N steps', () => {
    const hash =
      '#arch=2-7-5-1&act=leaky_relu&alpha=0.1&seed=12&data=moons&noise=0.1&pts=300&split=0.7&dseed=4&opt=sgd&lr=0.05&batch=16&l2=0.001&mom=0.8';
    const d1 = decodeHash(hash);
    expect(d1.errors).toEqual([]);
    expect(d1.state.training).toEqual({
      dataset: 'moons',
      noise: 0.1,
      points: 300,
      split: 0.7,
      dataSeed: 4,
      optimizer: 'sgd',
      learningRate: 0.05,
      batchSize: 16,
      l2: 0.001,
      momentum: 0.8,
    });
    const d2 = decodeHash(encodeHash(d1.state));
    expect(d2.state).toEqual(d1.state);
    const a = startRun(runOf(d1.state));
    const b = startRun(runOf(d2.state));
    if (typeof a === 'string' || typeof b === 'string') throw new Error('run');
    a.trainer.step(200);
    b.trainer.step(200);
    expect(b.trainer.params).toEqual(a.trainer.params);
    // A different field gives a different run (the hash carries it).
    const c = startRun(runOf(decodeHash(hash.replace('dseed=4', 'dseed=5')).state));
    if (typeof c === 'string') throw new Error(c);
    c.trainer.step(200);
    expect(c.trainer.params).not.toEqual(a.trainer.params);
  });

  it('reports malformed training fields and keeps the defaults for them', () => {
    const d = decodeHash('#data=nope&lr=-1&batch=2.5&opt=adam');
    expect(d.errors).toEqual([
      'data=nope is invalid: expected one of circle, xor, gaussians, spiral, moons, checkerboard, rings, plane, bump, sawtooth, or user (the points on the map)',
      'lr=-1 is invalid: expected a learning rate in (0, 1000]',
      'batch=2.5 is invalid: expected an integer from 1 to 1000000',
    ]);
    expect(d.state.training).toEqual(defaultState().training);
    expect(encodeHash(defaultState())).not.toContain('data=');
  });
});

describe('thinned lists', () => {
  it('stay bounded, keep the first and the newest entry, and cut back to a step', () => {
    const l = new ThinnedList<{ step: number }>(8);
    for (let s = 0; s <= 100; s++) l.push({ step: s });
    expect(l.items.length).toBeLessThanOrEqual(8);
    expect(l.items[0]!.step).toBe(0);
    expect(l.last()!.step).toBe(100);
    const steps = l.items.map((x) => x.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(l.atOrBefore(50)!.step).toBeLessThanOrEqual(50);
    l.cutAfter(40);
    expect(l.last()!.step).toBeLessThanOrEqual(40);
  });
});
