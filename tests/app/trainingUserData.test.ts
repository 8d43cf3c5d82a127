/**
 * Training on the user's points (a CSV, setData, clicks): the session, with a fake worker that runs the real
 * training host, trains on the points the target gives, split by the settings' split and data seed, with the
 * loss the task and the outputs call for; an edit of the points during a run reaches the trainer from its
 * next step. Every weight is compared bit for bit with the engine's trainer built here from the same points
 * (makeDataset, createTrainer, the explorer's initial network), not through the protocol.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { networkOf } from '../../src/app/network.ts';
import { NO_USER_POINTS, type UserPoints } from '../../src/app/trainingProtocol.ts';
import { TrainingSession } from '../../src/app/trainingSession.ts';
import { withPoint } from '../../src/engine/dataPoints.ts';
import type { Network } from '../../src/engine/model.ts';
import { makeDataset, type PointSet, type TaskKind } from '../../src/engine/train/data.ts';
import { layoutOf, writeParams } from '../../src/engine/train/layout.ts';
import { createTrainer, type Trainer } from '../../src/engine/train/trainer.ts';
import { type AppState, defaultState } from '../../src/state/appState.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';
import { HostWorker } from './lib/hostWorker.ts';

/** A fake explorer whose frames end on a later task, with the map's points. */
class FakeApp {
  points: UserPoints | null = null;
  session!: TrainingSession;
  readonly messages: string[] = [];
  constructor(public state: AppState) {}
  showWeights(_net: Network, _settled: boolean): void {
    setTimeout(() => this.session.frameDrawn(), 1);
  }
  notify(_kind: string, text: string): void {
    this.messages.push(text);
  }
  userPoints(): UserPoints | null {
    return this.points;
  }
  showTrainingData(): void {
    throw new Error('a run on user data must not replace the points on the map');
  }
}

/** `n` seeded points in [-2, 2]^2 with a label from `label` (or a target). */
function pointsOf(n: number, label: (x: number, y: number) => number): PointSet {
  let s = 12345;
  const r = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 2 ** 32) * 4 - 2;
  };
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    x[2 * p] = r();
    x[2 * p + 1] = r();
    y[p] = label(x[2 * p]!, x[2 * p + 1]!);
  }
  return { inputDim: 2, count: n, x, y };
}

/** The engine's trainer of `state` on `points`, at the explorer's initial weights, built directly. */
function reference(state: AppState, points: PointSet, kind: TaskKind): Trainer {
  const t = state.training;
  const a = state.architecture;
  const data = makeDataset(points, kind, t.split, t.dataSeed);
  if (typeof data === 'string') throw new Error(data);
  const made = createTrainer(
    {
      widths: a.widths,
      activation: a.activation,
      alpha: a.alpha,
      init: a.init,
      seed: a.seed,
      optimizer: t.optimizer,
      learningRate: t.learningRate,
      batchSize: t.batchSize,
      l2: t.l2,
      momentum: t.momentum,
    },
    data,
  );
  if (!made.ok) throw new Error(made.message);
  const init = networkOf(a);
  const layout = layoutOf(init);
  expect(made.trainer.setParams(writeParams(init, layout, new Float64Array(layout.size)))).toBeNull();
  return made.trainer;
}

const sessions: TrainingSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.destroy();
});

function setup(widths: number[], points: UserPoints | null, edit: (s: AppState) => void = () => {}) {
  const state = defaultState();
  state.architecture.widths = widths;
  state.training.dataset = 'user';
  state.training.split = 0.7;
  state.training.dataSeed = 9;
  state.training.batchSize = 8;
  edit(state);
  const app = new FakeApp(state);
  app.points = points;
  const session = new TrainingSession(app, () => new HostWorker(), {
    recordEvery: 5,
    snapshotEvery: 10,
    regionsEvery: 0,
  });
  app.session = session;
  sessions.push(session);
  return { app, session };
}

const same = (a: Float64Array | null, b: Float64Array) =>
  a !== null && a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('training on the user points', () => {
  const circle = pointsOf(60, (x, y) => (x * x + y * y < 1.5 ? 1 : 0));
  const three = pointsOf(60, (x, y) => (x < -0.7 ? 0 : y < 0 ? 1 : 2));
  const target = pointsOf(50, (x, y) => 0.5 * x - y * y);
  const cases: [string, number[], UserPoints, string][] = [
    [
      'labels 0/1, one output: binary cross-entropy',
      [2, 6, 5, 1],
      { kind: 'classification', points: circle },
      'bce',
    ],
    [
      'three classes, three outputs: softmax',
      [2, 6, 5, 3],
      { kind: 'classification', points: three },
      'softmax',
    ],
    ['targets: squared error', [2, 6, 5, 1], { kind: 'regression', points: target }, 'mse'],
  ];
  for (const [name, widths, pts, loss] of cases) {
    it(`trains on the points with the seeded split (${name})`, async () => {
      const { app, session } = setup(widths, pts, (s) => {
        if (loss === 'mse') s.training.optimizer = 'sgd';
      });
      const r = await session.train(23);
      expect(r.step).toBe(23);
      const ref = reference(app.state, pts.points, pts.kind);
      expect(ref.loss).toBe(loss);
      ref.step(20);
      // The latest record (every 5 steps) is step 20's: the engine's metrics there.
      expect(session.status().metrics).toEqual(ref.metrics());
      ref.step(3);
      expect(same(session.shownParameters(), ref.params)).toBe(true);
      // 70% of the points train, the rest test: the status says so, and that they are the user's.
      const n = pts.points.count;
      expect(session.status().data).toEqual({
        user: true,
        train: Math.round(0.7 * n),
        test: n - Math.round(0.7 * n),
      });
      expect(app.messages).toEqual([]);
    });
  }

  it('takes an added and a removed point from the next step on, while the weights go on', async () => {
    const pts: UserPoints = { kind: 'classification', points: circle };
    const { app, session } = setup([2, 6, 5, 1], pts);
    await session.train(12);
    const added = withPoint(circle, [0.1, 0.2], 1);
    app.points = { kind: 'classification', points: added };
    session.dataChanged();
    await session.train(9);
    const ref = reference(app.state, circle, 'classification');
    ref.step(12);
    const withAdded = makeDataset(added, 'classification', 0.7, 9);
    if (typeof withAdded === 'string') throw new Error(withAdded);
    expect(ref.setData(withAdded)).toBeNull();
    ref.step(9);
    expect(session.status().step).toBe(21);
    expect(same(session.shownParameters(), ref.params)).toBe(true);
    expect(session.status().data).toEqual({
      user: true,
      train: withAdded.train.count,
      test: withAdded.test.count,
    });
    // Without the edit the weights differ: the edit did reach the trainer.
    const plain = reference(app.state, circle, 'classification');
    plain.step(21);
    expect(same(session.shownParameters(), plain.params)).toBe(false);
    expect(app.messages).toEqual([]);
  });

  it('refuses points the run cannot train on and goes on with the points it had', async () => {
    const { app, session } = setup([2, 6, 5, 1], { kind: 'classification', points: circle });
    await session.train(5);
    // A third class needs three outputs (softmax); the run has one (binary cross-entropy).
    app.points = { kind: 'classification', points: withPoint(circle, [0, 0], 2) };
    session.dataChanged();
    app.points = null;
    session.dataChanged();
    await session.train(5);
    const ref = reference(app.state, circle, 'classification');
    ref.step(10);
    expect(same(session.shownParameters(), ref.params)).toBe(true);
    expect(app.messages).toHaveLength(2);
    expect(app.messages[0]).toMatch(/goes on with the points it had: .*3 classes need 3 outputs/);
    expect(app.messages[1]).toMatch(/the map has no points/);
  });

  it('says there are no points to train on when the map has none', async () => {
    const { app, session } = setup([2, 6, 5, 1], null);
    await expect(session.train(5)).rejects.toThrow(NO_USER_POINTS);
    expect(app.messages).toEqual([`Training: ${NO_USER_POINTS}.`]);
    expect(session.status().error).toBe(NO_USER_POINTS);
  });

  it('writes data=user in the URL hash and reads it back', () => {
    const s = defaultState();
    s.training.dataset = 'user';
    const hash = encodeHash(s);
    expect(hash).toContain('data=user');
    const d = decodeHash(hash);
    expect(d.errors).toEqual([]);
    expect(d.state.training.dataset).toBe('user');
    expect(decodeHash('#data=users').errors.join()).toMatch(/data.*or user \(the points on the map\)/);
  });
});
