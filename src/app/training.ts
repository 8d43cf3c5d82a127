/**
 * The training session on the explorer: the App as the session's target, and the training part of the
 * scripting API. Weights are shown through App.showWeights: they go into the renderer's existing weight
 * storage (the programs of the architecture draw them, nothing is compiled), the exact count is asked
 * again, and a frame is requested, while training runs at the resolution that keeps up
 * (frameBudget.ts trainingReductionFor) and refined to full resolution once updates stop; settled weights
 * (training paused) are drawn at full resolution and tell the `changed` listeners, so the views follow.
 * A frame's end is its `drawn` event; the next weights are shown only then, so no frame mixes two sets.
 */

import { projectPoints } from '../engine/dataPoints.ts';
import { REGION_CAP } from '../engine/limits.ts';
import { type ModelJson, type Network, toModelJson } from '../engine/model.ts';
import { USER_DATASET } from '../state/training.ts';
import type { App } from './app.ts';
import { complexityRadius } from './complexity.ts';
import { viewWindow } from './network.ts';
import { showTrainingPoints, TRAINING_SOURCE } from './trainingData.ts';
import { type TrainerWorkerLike, TrainingSession, type TrainingStatus } from './trainingSession.ts';

/** The training methods of `window.reluOrigami` (see docs/api.md). */
export interface TrainingApi {
  /**
   * Train `steps` steps (paused; from the step viewed on the timeline when an earlier one is viewed) and
   * resolve with the step reached once its weights are drawn. With a loaded model shown, trains that model
   * from its file's weights. Rejects on a bad count, settings that do not fit the network, a model the
   * trainer cannot train (the message says why), user data (`data=user`) without points on the map, or when
   * the run is replaced.
   */
  train(options: { steps: number }): Promise<{ step: number }>;
  /** Where training stands: generation, step shown and reached, playing, metrics, latest region count. */
  trainingState(): TrainingStatus;
  /** The parameters shown on the map, in the trainer's flat layout (docs/training.md), or null. */
  trainingParameters(): number[] | null;
  /**
   * The network shown on the map with the weights of the step shown (the weights "save model" writes), as a
   * `relu-origami/1` model named after the model and the step, or null before a run; `setModel` of it draws
   * the same map.
   */
  trainingModel(): ModelJson | null;
  /** Start, pause or reset training (reset: back to step 0 of the same settings). */
  controlTraining(action: 'play' | 'pause' | 'reset'): Promise<void>;
  /** Show the snapshot at or before `step` (training pauses; play resumes from there). */
  viewTrainingStep(step: number): Promise<void>;
}

/** Create the session of `app` (with `createWorker` for the training worker; default the module worker). */
export function installTraining(app: App, createWorker?: () => TrainerWorkerLike): TrainingSession {
  const session = new TrainingSession(
    {
      get state() {
        return app.state;
      },
      showWeights: (net, settled) => {
        const err = app.showWeights(net, settled);
        if (err) {
          // No frame follows: the session may go on (the message says why the map did not change).
          app.notify('error', `Training: ${err}`);
          queueMicrotask(() => session.frameDrawn());
        }
      },
      notify: (kind, text) => app.notify(kind, text),
      modelNetwork: () => (app.state.model === null ? null : (app.models.get(app.state.model) ?? null)),
      showTrainingData: (d) => showTrainingPoints(app.data, d),
      userPoints: () => {
        const d = app.data.get();
        return d && d.points.count > 0 ? { kind: d.kind, points: d.points } : null;
      },
      complexityProbe: () => {
        const d = app.data.get();
        const p = d ? projectPoints(d.points, app.map) : null;
        const pts = p && typeof p !== 'string' ? p : { s: [], t: [] };
        const radius = complexityRadius(app.state, app.renderer.canvas.clientWidth);
        return { map: app.map, view: app.state.view, radius, s: pts.s, t: pts.t };
      },
      countRegions: (net: Network, signal: AbortSignal) => {
        if (!app.regions.hasWorkers || app.exact.cap === 0) return null;
        const job = {
          kind: 'count' as const,
          layers: net.layers.length,
          maxRegions: Number.isFinite(app.exact.cap) ? app.exact.cap : REGION_CAP,
          maxPolygons: 0,
        };
        return app.regions.ask(net, viewWindow(net, app.state.view), job, { signal });
      },
    },
    createWorker,
  );
  // After the frame's own bookkeeping (its refinement timer, which the next weights' frame replaces).
  app.on('drawn', () => queueMicrotask(() => session.frameDrawn()));
  app.on('changed', () => session.stateChanged());
  // Points the user puts on the map (a CSV, setData, clicks) are what training trains on from then on: the
  // run switches to user data (data=user in the URL); edits during a run on them reach its next batch.
  app.data.onChange((d) => {
    if (d && d.source !== TRAINING_SOURCE && app.state.training.dataset !== USER_DATASET && !app.exporting)
      app.update((s) => {
        s.training = { ...s.training, dataset: USER_DATASET };
      });
    session.dataChanged();
  });
  return session;
}

/** The training part of the API for `session`. */
export function createTrainingApi(session: TrainingSession): TrainingApi {
  return {
    train(options) {
      return session.train(options?.steps);
    },
    trainingState() {
      return session.status();
    },
    trainingParameters() {
      const p = session.shownParameters();
      return p ? Array.from(p) : null;
    },
    trainingModel() {
      const s = session.status();
      const net = session.shownNetwork(`${s.model ?? 'generated network'}, step ${s.step}`);
      return net ? toModelJson(net) : null;
    },
    controlTraining(action) {
      if (action === 'play') session.play();
      else if (action === 'pause') session.pause();
      else if (action === 'reset') session.reset();
      else
        return Promise.reject(new Error(`controlTraining: "${String(action)}" is not play, pause or reset`));
      const err = session.status().error;
      return err ? Promise.reject(new Error(err)) : Promise.resolve();
    },
    viewTrainingStep(step) {
      if (!Number.isFinite(step)) return Promise.reject(new Error(`viewTrainingStep: ${step} is not a step`));
      session.viewAt(step);
      return Promise.resolve();
    },
  };
}
