/**
 * Training a loaded model (fine-tuning) in the session: with a model file shown, the session, through a fake
 * worker that runs the real training host, trains that model from its file's weights (each layer keeps its
 * activation, prelu slopes train) on a built-in dataset or the points on the map, with the loss its outputs
 * and the data call for. Every weight is compared bit for bit with the engine's trainer built here from the
 * same model (createTrainer with the model as the initial network), not through the protocol. Models the
 * trainer cannot train are refused with the reason, and the state is kept.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { networkOf } from '../../src/app/network.ts';
import { startRun, type UserPoints } from '../../src/app/trainingProtocol.ts';
import { TrainingSession } from '../../src/app/trainingSession.ts';
import type { ActivationName } from '../../src/engine/activations.ts';
import { type LayerJson, type Network, parseModelOrThrow, toModelJson } from '../../src/engine/model.ts';
import { type Dataset, makeDataset, type PointSet } from '../../src/engine/train/data.ts';
import { generateDataset } from '../../src/engine/train/datasets.ts';
import { layoutOf, writeParams } from '../../src/engine/train/layout.ts';
import { createTrainer, type Trainer, widthsOf } from '../../src/engine/train/trainer.ts';
import { type AppState, defaultState } from '../../src/state/appState.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';
import { HostWorker } from './lib/hostWorker.ts';

/** A fake explorer showing a loaded model (`models` by name), with frames that end on a later task. */
class FakeApp {
  points: UserPoints | null = null;
  readonly models = new Map<string, Network>();
  session!: TrainingSession;
  readonly messages: string[] = [];
  readonly shown: Float64Array[] = [];
  trainingData: Dataset | null | undefined = undefined;
  constructor(public state: AppState) {}
  showWeights(net: Network, _settled: boolean): void {
    this.shown.push(writeParams(net, layoutOf(net), new Float64Array(layoutOf(net).size)));
    setTimeout(() => this.session.frameDrawn(), 1);
  }
  notify(_kind: string, text: string): void {
    this.messages.push(text);
  }
  userPoints(): UserPoints | null {
    return this.points;
  }
  modelNetwork(): Network | null {
    return this.state.model === null ? null : (this.models.get(this.state.model) ?? null);
  }
  showTrainingData(d: Dataset | null): void {
    this.trainingData = d;
  }
}

/** A seeded generator of awkward doubles in about [-1.5, 1.5] (full 53-bit mantissas). */
function doubles(seed: number): () => number {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return () => (next() - 0.5) * 3 + next() * 2 ** -30;
}

/** A model file (JSON) of the given widths and per-layer activations, with seeded weights. */
function modelJson(widths: number[], acts: ActivationName[], seed: number, name = 'fine.json') {
  const r = doubles(seed);
  const layers: LayerJson[] = acts.map((activation, l) => {
    const layer: LayerJson = {
      weights: Array.from({ length: widths[l + 1]! }, () => Array.from({ length: widths[l]! }, r)),
      bias: Array.from({ length: widths[l + 1]! }, r),
      activation,
    };
    if (activation === 'prelu') layer.alpha = layer.bias.map((_, j) => 0.05 + 0.1 * j);
    if (activation === 'leaky_relu') layer.alpha = 0.07;
    return layer;
  });
  return { format: 'relu-origami/1', inputDim: widths[0]!, name, layers };
}

/** The engine's trainer of `state` from `model` on `data`, built directly (not through the protocol). */
function reference(state: AppState, model: Network, data: Dataset): Trainer {
  const t = state.training;
  const made = createTrainer(
    {
      widths: widthsOf(model),
      activation: 'relu',
      seed: state.architecture.seed,
      optimizer: t.optimizer,
      learningRate: t.learningRate,
      batchSize: t.batchSize,
      l2: t.l2,
      momentum: t.momentum,
    },
    data,
    model,
  );
  if (!made.ok) throw new Error(made.message);
  return made.trainer;
}

/** The built-in dataset of `state`'s settings. */
function builtIn(state: AppState): Dataset {
  const t = state.training;
  const d = generateDataset({
    name: t.dataset as 'circle',
    noise: t.noise,
    points: t.points,
    split: t.split,
    seed: t.dataSeed,
  });
  if (typeof d === 'string') throw new Error(d);
  return d;
}

const sessions: TrainingSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.destroy();
});

function setup(model: unknown, edit: (s: AppState) => void = () => {}) {
  const state = defaultState();
  state.architecture.seed = 7;
  state.training.dataset = 'circle';
  state.training.points = 120;
  state.training.batchSize = 8;
  state.training.learningRate = 0.02;
  const net = parseModelOrThrow(model);
  state.model = 'fine.json';
  edit(state);
  const app = new FakeApp(state);
  app.models.set('fine.json', net);
  const worker = new HostWorker();
  const session = new TrainingSession(app, () => worker, {
    recordEvery: 5,
    snapshotEvery: 10,
    regionsEvery: 0,
  });
  app.session = session;
  sessions.push(session);
  return { app, session, net, worker };
}

const bits = (p: ArrayLike<number>) => Array.from(new Uint32Array(Float64Array.from(p).buffer));
const paramsOf = (net: Network) => writeParams(net, layoutOf(net), new Float64Array(layoutOf(net).size));

/** `n` seeded points in [-2, 2]^d with a label (or target) from `label`. */
function pointsOf(n: number, d: number, label: (x: number[]) => number): PointSet {
  const r = doubles(99);
  const x = new Float64Array(d * n);
  const y = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const row = Array.from({ length: d }, () => r() * 1.3);
    x.set(row, d * p);
    y[p] = label(row);
  }
  return { inputDim: d, count: n, x, y };
}

describe('training a loaded model', () => {
  // Every activation the trainer takes, in one model: prelu slopes train, the output layer is hardtanh.
  const mixed = modelJson([2, 6, 5, 4, 1], ['prelu', 'abs', 'leaky_relu', 'hardtanh'], 3);

  it('starts from the file weights and trains as the engine trainer does, bit for bit (bce)', async () => {
    const { app, session, net } = setup(mixed);
    const r = await session.train(27);
    expect(r.step).toBe(27);
    // Step 0 was the model itself, unchanged.
    expect(bits(app.shown[0]!)).toEqual(bits(paramsOf(net)));
    const ref = reference(app.state, net, builtIn(app.state));
    expect(ref.loss).toBe('bce');
    ref.step(25);
    expect(session.status().metrics).toEqual(ref.metrics());
    ref.step(2);
    expect(bits(session.shownParameters()!)).toEqual(bits(ref.params));
    const s = session.status();
    expect(s.model).toBe('fine.json');
    expect(s.data).toEqual({ user: false, train: 60, test: 60 });
    // The run's points are on the map, as for the generated network.
    expect(app.trainingData?.train.count).toBe(60);
    // Snapshots are the engine's weights at their steps.
    const snaps = session.timeline.snapshots.items;
    expect(snaps.map((x) => x.step)).toEqual([0, 10, 20]);
    const again = reference(app.state, net, builtIn(app.state));
    expect(bits(snaps[0]!.params)).toEqual(bits(paramsOf(net)));
    again.step(10);
    expect(bits(snaps[1]!.params)).toEqual(bits(again.params));
    // The weights moved, and the model's own object was not touched.
    expect(bits(ref.params)).not.toEqual(bits(paramsOf(net)));
    expect(bits(paramsOf(net))).toEqual(bits(paramsOf(parseModelOrThrow(mixed))));
    // The model export is the weights shown, named after the model and the step.
    const exported = session.shownNetwork('fine.json, step 27')!;
    expect(bits(paramsOf(exported))).toEqual(bits(ref.params));
    expect(exported.layers.map((L) => L.activation)).toEqual(['prelu', 'abs', 'leaky_relu', 'hardtanh']);
    expect(app.messages).toEqual([]);
  });

  it('resets to the file weights, resumes from a snapshot as the uninterrupted run, restarts on new settings', async () => {
    const { app, session, net } = setup(mixed);
    await session.train(30);
    const g = session.status().generation;
    session.reset();
    expect(session.status().generation).toBeGreaterThan(g);
    await session.train(0);
    expect(session.status().step).toBe(0);
    expect(bits(session.shownParameters()!)).toEqual(bits(paramsOf(net)));
    await session.train(30);
    session.viewAt(10);
    expect(session.status().viewing).toBe(10);
    const r = await session.train(7);
    expect(r.step).toBe(17);
    const ref = reference(app.state, net, builtIn(app.state));
    ref.step(17);
    expect(bits(session.shownParameters()!)).toEqual(bits(ref.params));
    // A new learning rate starts again from the model (not from a random network), at once.
    app.state = { ...app.state, training: { ...app.state.training, learningRate: 0.005 } };
    session.stateChanged();
    await session.train(6);
    const slow = reference(app.state, net, builtIn(app.state));
    slow.step(6);
    expect(session.status().step).toBe(6);
    expect(bits(session.shownParameters()!)).toEqual(bits(slow.params));
    expect(app.messages).toEqual([]);
  });

  it('trains softmax and mse models, and a 3-input model on 3-input points (its plane is the view)', async () => {
    const two = modelJson([2, 5, 2], ['relu', 'linear'], 5);
    const a = setup(two);
    await a.session.train(12);
    const refA = reference(a.app.state, a.net, builtIn(a.app.state));
    expect(refA.loss).toBe('softmax');
    refA.step(12);
    expect(bits(a.session.shownParameters()!)).toEqual(bits(refA.params));

    const reg = modelJson([2, 6, 1], ['hardtanh', 'linear'], 6);
    const b = setup(reg, (s) => {
      s.training.dataset = 'bump';
      s.training.optimizer = 'sgd';
    });
    await b.session.train(9);
    const refB = reference(b.app.state, b.net, builtIn(b.app.state));
    expect(refB.loss).toBe('mse');
    refB.step(9);
    expect(bits(b.session.shownParameters()!)).toEqual(bits(refB.params));

    const three = modelJson([3, 6, 4, 1], ['relu', 'prelu', 'linear'], 8);
    const pts = pointsOf(40, 3, (x) => (x[0]! * x[1]! + x[2]! > 0 ? 1 : 0));
    const c = setup(three, (s) => {
      s.training.dataset = 'user';
      s.training.split = 0.75;
    });
    c.app.points = { kind: 'classification', points: pts };
    await c.session.train(11);
    const data = makeDataset(pts, 'classification', 0.75, c.app.state.training.dataSeed);
    if (typeof data === 'string') throw new Error(data);
    const refC = reference(c.app.state, c.net, data);
    refC.step(11);
    expect(bits(c.session.shownParameters()!)).toEqual(bits(refC.params));
    expect(c.session.status().data).toEqual({ user: true, train: 30, test: 10 });
    for (const x of [a, b, c]) expect(x.app.messages).toEqual([]);
  });

  it('refuses models it cannot train, saying why, and keeps the state', async () => {
    const cases: [string, unknown, (s: AppState) => void, string][] = [
      [
        'more inputs than a built-in dataset',
        modelJson([3, 4, 1], ['relu', 'linear'], 1),
        () => {},
        'the model has 3 inputs, the data has 2 (the built-in datasets have 2 inputs: train it on points with 3 inputs on the map, data=user)',
      ],
      [
        'two outputs for a regression target',
        modelJson([2, 4, 2], ['relu', 'linear'], 1),
        (s) => {
          s.training.dataset = 'plane';
        },
        'the model cannot be trained: a regression target needs 1 output, the network has 2',
      ],
      [
        'one output for three classes',
        modelJson([2, 4, 1], ['relu', 'linear'], 1),
        (s) => {
          s.training.dataset = 'user';
        },
        'the model cannot be trained: 3 classes need 3 outputs (softmax), the network has 1',
      ],
      [
        // A file cannot say so (relu-origami/1 gives leaky_relu one slope), a network built in code can.
        'leaky_relu slopes that differ by neuron',
        modelJson([2, 3, 1], ['leaky_relu', 'linear'], 1),
        () => {},
        'the model cannot be trained: layer 1 (leaky_relu) has different negative slopes per neuron (0.07 and 0.02): the trainer keeps one fixed slope per leaky_relu layer (prelu trains one per neuron)',
      ],
    ];
    const labels = pointsOf(30, 2, (x) => (x[0]! < 0 ? 0 : x[1]! < 0 ? 1 : 2));
    for (const [what, model, edit, message] of cases) {
      const { app, session, worker, net } = setup(model, edit);
      app.points = { kind: 'classification', points: labels };
      if (what.startsWith('leaky_relu')) net.layers[0]!.alpha[1] = 0.02;
      const before = JSON.stringify(app.state);
      await expect(session.train(3), what).rejects.toThrow(message);
      expect(app.messages, what).toEqual([`Training: ${message}.`]);
      expect(session.status().error, what).toBe(message);
      expect(JSON.stringify(app.state), what).toBe(before);
      expect(worker.sent, what).toEqual([]);
      expect(app.shown, what).toEqual([]);
    }
    // A model named by the state but not loaded in this browser (a link from elsewhere).
    const { app, session } = setup(mixed, (s) => {
      s.model = 'elsewhere.json';
    });
    await expect(session.train(1)).rejects.toThrow(
      'the model "elsewhere.json" is not loaded in this browser',
    );
    // The refusal keeps nothing from training: with the model loaded, the same session trains it.
    app.models.set('elsewhere.json', parseModelOrThrow(mixed));
    await session.train(4);
    const ref = reference(app.state, app.models.get('elsewhere.json')!, builtIn(app.state));
    ref.step(4);
    expect(bits(session.shownParameters()!)).toEqual(bits(ref.params));
  });

  it('ends the run when another model (or the same file again) is loaded, and drops its stale updates', async () => {
    const { app, session, net } = setup(mixed);
    session.play();
    await new Promise((r) => setTimeout(r, 30));
    const g = session.status().generation;
    // The same name, loaded again with other weights: a new model.
    const other = parseModelOrThrow(
      modelJson([2, 6, 5, 4, 1], ['prelu', 'abs', 'leaky_relu', 'hardtanh'], 4),
    );
    app.models.set('fine.json', other);
    session.stateChanged();
    const s = session.status();
    expect(s.generation).toBeGreaterThan(g);
    expect(s.playing).toBe(false);
    expect(s.model).toBeNull();
    expect(app.trainingData).toBeNull();
    const shownBefore = app.shown.length;
    await new Promise((r) => setTimeout(r, 30));
    // Nothing of the replaced run reached the map after it ended.
    expect(app.shown.length).toBe(shownBefore);
    await session.train(5);
    const ref = reference(app.state, other, builtIn(app.state));
    ref.step(5);
    expect(bits(session.shownParameters()!)).toEqual(bits(ref.params));
    expect(bits(ref.params)).not.toEqual(bits(reference(app.state, net, builtIn(app.state)).params));
    // The startRun of the page and the worker agree with the reference: the worker's run carries the model.
    const { architecture, training } = app.state;
    const started = startRun({ architecture, training, recordEvery: 5, snapshotEvery: 10, model: other });
    if (typeof started === 'string') throw new Error(started);
    started.trainer.step(5);
    expect(bits(started.trainer.params)).toEqual(bits(ref.params));
  });

  it('trains a model that is the generated network exactly as the generated run', async () => {
    const state = defaultState();
    state.architecture = { ...state.architecture, widths: [2, 5, 4, 1], activation: 'prelu', seed: 11 };
    const generated = startRun({
      architecture: state.architecture,
      training: state.training,
      recordEvery: 5,
      snapshotEvery: 10,
    });
    if (typeof generated === 'string') throw new Error(generated);
    // The generated network, saved as a file and loaded again.
    const file = JSON.parse(JSON.stringify(toModelJson(networkOf(state.architecture))));
    const { session } = setup(file, (s) => {
      s.architecture = state.architecture;
      s.training = state.training;
    });
    await session.train(15);
    generated.trainer.step(15);
    expect(bits(session.shownParameters()!)).toEqual(bits(generated.trainer.params));
  });

  it('writes the model name, not its weights, into the URL hash', () => {
    const s = defaultState();
    s.model = 'fine.json';
    s.training.learningRate = 0.02;
    const hash = encodeHash(s);
    expect(hash).toContain('model=fine.json');
    expect(hash).toContain('seed=');
    expect(hash).toContain('lr=0.02');
    const d = decodeHash(hash);
    expect(d.errors).toEqual([]);
    expect(d.state.model).toBe('fine.json');
  });
});
