/**
 * The run of a training session's state, and the run after the user's points changed: the pure parts of
 * the session's bookkeeping (trainingSession.ts), so that they can be checked without a worker.
 */
import type { Network } from '../engine/model.ts';
import type { AppState } from '../state/appState.ts';
import { USER_DATASET } from '../state/training.ts';
import { runDataset, type StartedRun, startRun, type TrainRun, type UserPoints } from './trainingProtocol.ts';
import type { TrainingCadence, TrainingStatus, TrainingTarget } from './trainingTypes.ts';

/**
 * The run of `state` (a copy of its architecture and settings) at `cadence`, on `points` when given, from
 * the loaded model `model` when given (not copied: the worker gets its structured clone).
 */
export function runOfState(
  state: AppState,
  cadence: TrainingCadence,
  points: UserPoints | null,
  model: Network | null = null,
): TrainRun {
  return {
    architecture: structuredClone(state.architecture),
    training: { ...state.training },
    recordEvery: cadence.recordEvery,
    snapshotEvery: cadence.snapshotEvery,
    ...(points ? { points } : {}),
    ...(model ? { model } : {}),
  };
}

/**
 * What of `state` determines its run, as a string: the architecture and the training settings; for a
 * loaded model its name, the seed (the batch order) and the settings, since the rest of the architecture
 * is not drawn. (Which model object is loaded under the name is compared apart.)
 */
export function runKey(s: AppState): string {
  return JSON.stringify(
    s.model === null ? [s.architecture, s.training] : [s.model, s.architecture.seed, s.training],
  );
}

/**
 * The loaded model that `target`'s state names (the weights of its file), null for the generated network,
 * undefined when no model of that name is loaded.
 */
export function targetModel(target: TrainingTarget): Network | null | undefined {
  if (target.state.model === null) return null;
  return target.modelNetwork?.() ?? undefined;
}

/**
 * The run of `target`'s state at `cadence` (on the map's points for user data, from the loaded model when
 * one is shown) and its step 0 ({@link startRun}, as the worker will build it), or why there is none.
 */
export function targetRun(
  target: TrainingTarget,
  cadence: TrainingCadence,
): { run: TrainRun; started: StartedRun } | string {
  const s = target.state;
  const model = targetModel(target);
  if (model === undefined) return `the model "${s.model}" is not loaded in this browser`;
  const points = s.training.dataset === USER_DATASET ? (target.userPoints?.() ?? null) : null;
  const run = runOfState(s, cadence, points, model);
  const started = startRun(run);
  return typeof started === 'string' ? started : { run, started };
}

/**
 * `run` on the new user points `points` (null: the map has none), for a run training with `loss`: the run and
 * its train and test counts, or a message when the points do not make a dataset of the run's inputs that
 * trains with the same loss (a third class for a one-output network, other inputs, no points); null when
 * they are the run's points already.
 */
export function editedRun(
  run: TrainRun,
  points: UserPoints | null,
  loss: string,
): { run: TrainRun; data: NonNullable<TrainingStatus['data']> } | string | null {
  if (!points) return 'the map has no points';
  if (run.points && points.points === run.points.points && points.kind === run.points.kind) return null;
  const next: TrainRun = { ...run, points };
  const data = runDataset(next);
  if (typeof data === 'string') return data;
  const made = startRun(next);
  if (typeof made === 'string') return made;
  if (made.trainer.loss !== loss)
    return `the points need the ${made.trainer.loss} loss, the run trains with ${loss} (reset to start again)`;
  return { run: next, data: { user: true, train: data.train.count, test: data.test.count } };
}
