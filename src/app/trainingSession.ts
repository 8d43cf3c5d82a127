/**
 * The training session: runs the engine's trainer in a worker (workers/train.worker.ts, speaking
 * app/trainingProtocol.ts) and shows its weights on the map as they come, between frames.
 *
 * No stale or torn frame: every run has a generation id, and messages of an older generation are dropped
 * (a reset, a change of architecture or settings, a resume from an earlier step each start a new one). New
 * weights are handed to the map only once the previous frame is complete, so a frame is drawn with one set
 * of weights; updates that arrive meanwhile replace each other and only the newest is shown. A new run
 * shows its step 0 at once (the generated network of the architecture, or the loaded model's weights from
 * its file, which is exactly where it starts).
 * Weights are settled (full resolution, counted) only when no more are wanted: a played run is live from 0.
 *
 * Records, snapshots and exact region counts go into a bounded {@link Timeline}; the view's count is asked
 * of the regions service every `regionsEvery` steps, one at a time (the newest due when the last ends).
 */
import type { Network } from '../engine/model.ts';
import { networkView, type ParamLayout } from '../engine/train/layout.ts';
import { USER_DATASET } from '../state/training.ts';
import { Timeline } from './timeline.ts';
import { ComplexitySampler } from './trainingComplexity.ts';
import { RegionCounter } from './trainingCounts.ts';
import { type FromTrainer, runNetwork, stepZero, type ToTrainer, type TrainRun } from './trainingProtocol.ts';
import { editedRun, runKey, targetModel, targetRun } from './trainingRun.ts';
import {
  DEFAULT_CADENCE,
  defaultTrainerFactory,
  type TrainerWorkerLike,
  type TrainingCadence,
  type TrainingStatus,
  type TrainingTarget,
} from './trainingTypes.ts';
import { StepWaiters } from './trainingWaiters.ts';

export { DEFAULT_CADENCE, SPEEDS, type TrainerWorkerLike, type TrainingStatus } from './trainingTypes.ts';

/** One live training session; see the module comment. */
export class TrainingSession {
  /** The histories of the current run. */
  readonly timeline = new Timeline();
  private worker: TrainerWorkerLike | null = null;
  private gen = 0;
  private run: TrainRun | null = null;
  private key = '';
  /** The name of the loaded model the run trains, or null (the generated network). */
  private modelName: string | null = null;
  private layout: ParamLayout | null = null;
  private wantPlaying = false;
  private stepsPerUpdate: number = Number.POSITIVE_INFINITY;
  private latest: { step: number; params: Float64Array } | null = null;
  private shownStep = 0;
  private shownParams: Float64Array | null = null;
  private viewing: number | null = null;
  private pending: { gen: number; step: number; params: Float64Array; settled: boolean } | null = null;
  private awaitingFrame = false;
  private error: string | null = null;
  private dataInfo: TrainingStatus['data'] = null;
  private loss = '';
  private readonly waiters = new StepWaiters();
  private nextStepId = 1;
  private readonly counts: RegionCounter;
  private readonly complexity: ComplexitySampler;
  private readonly listeners = new Set<() => void>();

  /** A session on `target`; `createWorker` makes the training worker (tests pass a fake one). */
  constructor(
    private readonly target: TrainingTarget,
    private readonly createWorker: (() => TrainerWorkerLike) | null = defaultTrainerFactory(),
    /** Cadence of records, snapshots and region counts. */
    readonly cadence: TrainingCadence = DEFAULT_CADENCE,
  ) {
    this.counts = new RegionCounter(this.timeline, target, () => this.changed());
    this.complexity = new ComplexitySampler(this.timeline, () => target.complexityProbe?.() ?? null);
  }

  /** Call `fn` after every change of the status or the timeline; returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  /** The status of the session. */
  status(): TrainingStatus {
    const r = this.timeline.records.last();
    const c = this.timeline.regions.last();
    return {
      generation: this.gen,
      step: this.shownStep,
      latestStep: this.latest?.step ?? 0,
      playing: this.wantPlaying,
      viewing: this.viewing,
      metrics: r ? { ...r } : null,
      regions: c ? { ...c } : null,
      error: this.error,
      data: this.dataInfo ? { ...this.dataInfo } : null,
      model: this.run ? this.modelName : null,
    };
  }

  /** The parameters shown (a copy), or null before a run. */
  shownParameters(): Float64Array | null {
    return this.shownParams?.slice() ?? null;
  }

  /** The network shown (a copy of its weights, named `name`), or null before a run. */
  shownNetwork(name?: string): Network | null {
    return this.shownParams && this.layout ? networkView(this.layout, this.shownParams.slice(), name) : null;
  }

  /** Steps per update while playing (one of {@link SPEEDS}). */
  get speed(): number {
    return this.stepsPerUpdate;
  }
  set speed(n: number) {
    this.stepsPerUpdate = n;
    if (this.run) this.post({ type: 'speed', gen: this.gen, stepsPerUpdate: n });
  }

  /** Start training (from the step viewed on the timeline, when an earlier one is viewed). */
  play(): void {
    // Playing before the run starts: its step 0 is then drawn as a live frame, not a full-resolution one.
    this.wantPlaying = true;
    if (!this.ensureRun()) {
      this.wantPlaying = false;
      return;
    }
    if (this.viewing !== null) this.restart(this.viewing);
    this.post({ type: 'play', gen: this.gen, stepsPerUpdate: this.stepsPerUpdate });
    this.changed();
  }

  /** Stop training; the worker posts the weights it reached. */
  pause(): void {
    if (!this.run) return;
    this.wantPlaying = false;
    this.post({ type: 'pause', gen: this.gen });
    this.changed();
  }

  /** Take `n` steps (paused), from the step viewed when an earlier one is viewed. */
  step(n = 1): void {
    if (!this.ensureRun()) return;
    if (this.viewing !== null) this.restart(this.viewing);
    if (this.wantPlaying) this.pause();
    this.post({ type: 'step', gen: this.gen, steps: n, id: this.nextStepId++ });
  }

  /**
   * Take `steps` steps (paused) and resolve once the weights after them are shown; rejects when the run
   * is replaced or fails first.
   */
  train(steps: number): Promise<{ step: number }> {
    if (!Number.isInteger(steps) || steps < 0)
      return Promise.reject(new Error(`train: steps must be an integer >= 0, not ${steps}`));
    if (!this.ensureRun()) return Promise.reject(new Error(this.error ?? 'training is not available'));
    if (this.viewing !== null) this.restart(this.viewing);
    if (this.wantPlaying) this.pause();
    const gen = this.gen;
    const id = this.nextStepId++;
    // The step is known once the worker acknowledges the message.
    const done = this.waiters.wait(gen, id);
    this.post({ type: 'step', gen, steps, id });
    return done;
  }

  /** Back to step 0 of the same run (a new generation); playing goes on when it was on. */
  reset(): void {
    if (!this.ensureRun()) return;
    this.restart(0);
    if (this.wantPlaying) this.post({ type: 'play', gen: this.gen, stepsPerUpdate: this.stepsPerUpdate });
  }

  /** Show the snapshot at or before `step` (training pauses); the latest weights when `step` is beyond. */
  viewAt(step: number): void {
    if (!this.run) return;
    if (this.wantPlaying) this.pause();
    const last = this.latest;
    if (last && step >= last.step) {
      this.viewing = null;
      this.show(this.gen, last.step, last.params, true);
      this.changed();
      return;
    }
    const s = this.timeline.snapshots.atOrBefore(step);
    if (!s) return;
    this.viewing = s.step;
    this.show(this.gen, s.step, s.params, true);
    this.changed();
  }

  /** Called by the target when the frame with the weights last shown is complete. */
  frameDrawn(): void {
    if (!this.awaitingFrame) return;
    this.awaitingFrame = false;
    this.settleWaiters();
    const p = this.pending;
    this.pending = null;
    if (p && p.gen === this.gen) this.show(p.gen, p.step, p.params, p.settled);
  }

  /**
   * Called by the target after every state change: a change of the architecture or the training settings
   * starts a new run at step 0 (playing goes on when it was on); another model (or a file loaded again)
   * ends the run, and the next one starts on play or step.
   */
  stateChanged(): void {
    const model = targetModel(this.target);
    const run = this.run;
    if (!run || (runKey(this.target.state) === this.key && model === (run.model ?? null))) return;
    const fresh = this.target.state.model !== null && model !== (run.model ?? null);
    const playing = this.wantPlaying;
    // Stop the replaced run and drop whatever it still sends.
    this.post({ type: 'pause', gen: this.gen });
    this.gen++;
    this.waiters.reject('the run was replaced (the architecture, the model or the settings changed)');
    this.run = null;
    this.wantPlaying = false;
    this.latest = null;
    this.pending = null;
    this.viewing = null;
    this.dataInfo = null;
    this.timeline.clear();
    if (fresh) this.target.showTrainingData?.(null);
    if (fresh || !this.ensureRun()) {
      this.changed();
      return;
    }
    if (playing) {
      this.wantPlaying = true;
      this.post({ type: 'play', gen: this.gen, stepsPerUpdate: this.stepsPerUpdate });
    }
  }

  /**
   * Called by the target when the points on the map changed: a run on user data trains on the new points
   * from its next step (weights, optimiser and step go on; the split is taken again with the run's split and
   * seed). Points that do not fit the run (other inputs, a class the outputs cannot tell, none at all) are
   * refused with a message and the run goes on with the points it had.
   */
  dataChanged(): void {
    const run = this.run;
    if (!run || run.training.dataset !== USER_DATASET) return;
    const edited = editedRun(run, this.target.userPoints?.() ?? null, this.loss);
    if (edited === null) return;
    if (typeof edited === 'string') {
      this.target.notify('error', `Training goes on with the points it had: ${edited}.`);
      return;
    }
    this.run = edited.run;
    this.dataInfo = edited.data;
    this.post({ type: 'data', gen: this.gen, points: edited.run.points! });
    this.changed();
  }

  /** Stop the worker and reject every waiting `train`. */
  destroy(): void {
    this.waiters.reject('the training session was stopped');
    this.worker?.terminate();
    this.worker = null;
    this.run = null;
  }

  private changed(): void {
    for (const f of [...this.listeners]) f();
  }

  private post(m: ToTrainer): void {
    this.worker?.postMessage(m);
  }

  /** Make sure a run of the current state exists; false (with a message) when it cannot. */
  private ensureRun(): boolean {
    if (this.run) return true;
    const refuse = (message: string) => {
      this.error = message;
      this.target.notify('error', `Training: ${message}.`);
      this.changed();
      return false;
    };
    // The page builds the same step 0 as the worker: the layout, and an early word on bad settings.
    const made = targetRun(this.target, this.cadence);
    if (typeof made === 'string') return refuse(made);
    const { run, started } = made;
    const user = run.training.dataset === USER_DATASET;
    if (!this.worker) {
      if (!this.createWorker) return refuse('this platform has no workers');
      try {
        this.spawn();
      } catch (e) {
        return refuse(`the training worker could not start: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.run = run;
    this.key = runKey(this.target.state);
    this.modelName = run.model ? this.target.state.model : null;
    this.layout = started.layout;
    this.loss = started.trainer.loss;
    const d = started.trainer.data;
    this.dataInfo = { user, train: d.train.count, test: d.test.count };
    // A run on user data trains on the points shown already; a built-in run shows its own.
    if (!user) this.target.showTrainingData?.(d);
    this.error = null;
    this.restart(0);
    return true;
  }

  private spawn(): void {
    const w = this.createWorker!();
    w.onmessage = (e) => this.receive(e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.fail(`the training worker failed: ${e.message || 'it stopped without a message'}`);
      this.worker?.terminate();
      this.worker = null;
      this.run = null;
    };
    this.worker = w;
  }

  /** Start a new generation of the run at `step` (0: from the start; else replayed to a snapshot step). */
  private restart(step: number): void {
    const run = this.run!;
    this.gen++;
    this.waiters.reject('the run was replaced (reset, resumed or changed)', this.gen);
    this.counts.cancel();
    this.complexity.clear();
    this.pending = null;
    this.viewing = null;
    if (step === 0) {
      this.timeline.clear();
      this.latest = null;
      // Step 0 is the generated network or the model: show it now, not the replaced run's weights.
      this.show(this.gen, 0, stepZero(run, this.layout!), !this.wantPlaying);
    } else {
      this.timeline.cutAfter(step);
      const snap = this.timeline.snapshots.atOrBefore(step);
      if (snap) {
        this.latest = { step: snap.step, params: snap.params };
        this.show(this.gen, snap.step, snap.params, !this.wantPlaying);
      }
    }
    this.post({ type: 'start', gen: this.gen, run: { ...run, atStep: step } });
    this.changed();
  }

  private receive(m: FromTrainer): void {
    if (m.gen !== this.gen) return;
    if (m.type === 'error') {
      this.fail(m.message);
      return;
    }
    const tl = this.timeline;
    for (const r of m.records) {
      tl.records.push({ ...r.metrics });
      if (r.params) {
        tl.snapshots.push({ step: r.step, params: r.params });
        const every = this.cadence.regionsEvery;
        if (every > 0 && r.step % every === 0 && this.layout) {
          const net = runNetwork(this.layout, r.params);
          this.counts.due(r.step, net);
          this.complexity.due(r.step, net, m.playing);
        }
      }
    }
    this.complexity.take(m.playing);
    this.latest = { step: m.step, params: m.params };
    if (m.ack !== undefined) this.waiters.acknowledge(m.gen, m.ack, m.step);
    if (this.viewing === null) this.show(m.gen, m.step, m.params, !m.playing && !this.wantPlaying);
    this.settleWaiters();
    this.changed();
  }

  private show(gen: number, step: number, params: Float64Array, settled: boolean): void {
    if (gen !== this.gen || !this.layout) return;
    if (this.awaitingFrame) {
      // A frame is being drawn: keep only the newest weights for the next one.
      this.pending = { gen, step, params, settled };
      return;
    }
    this.shownStep = step;
    this.shownParams = params;
    this.awaitingFrame = true;
    // A new Network object per update: the regions service tells networks apart by identity.
    this.target.showWeights(runNetwork(this.layout, params), settled);
    this.changed();
  }

  private settleWaiters(): void {
    if (!this.awaitingFrame && this.pending === null) this.waiters.settle(this.gen, this.shownStep);
  }

  private fail(message: string): void {
    this.error = message;
    this.wantPlaying = false;
    this.target.notify('error', `Training: ${message}.`);
    this.waiters.reject(message);
    this.changed();
  }
}
