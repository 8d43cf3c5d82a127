/**
 * The run of a training session's state, and the run after the user's points changed: the pure parts of
 * the session's bookkeeping (trainingSession.ts), so that they can be checked without a worker.
 */
import type { AppState } from '../state/appState.ts';
import { runDataset, startRun, type TrainRun, type UserPoints } from './trainingProtocol.ts';
import type { TrainingCadence, TrainingStatus } from './trainingTypes.ts';

/** The run of `state` (a copy of its architecture and settings) at `cadence`, on `points` when given. */
export function runOfState(state: AppState, cadence: TrainingCadence, points: UserPoints | null): TrainRun {
  return {
    architecture: structuredClone(state.architecture),
    training: { ...state.training },
    recordEvery: cadence.recordEvery,
    snapshotEvery: cadence.snapshotEvery,
    ...(points ? { points } : {}),
  };
}

/**
 * `run` on the new user points `points` (null: the map has none), for a run training with `loss`: the run and
 * its train and test counts, or a message when the points do not make a dataset of the run's inputs that
 * trains with the same loss (a third class for a one-output network, other inputs, no points).
 */
export function editedRun(
  run: TrainRun,
  points: UserPoints | null,
  loss: string,
): { run: TrainRun; data: NonNullable<TrainingStatus['data']> } | string {
  if (!points) return 'the map has no points';
  const next: TrainRun = { ...run, points };
  const data = runDataset(next);
  if (typeof data === 'string') return data;
  const made = startRun(next);
  if (typeof made === 'string') return made;
  if (made.trainer.loss !== loss)
    return `the points need the ${made.trainer.loss} loss, the run trains with ${loss} (reset to start again)`;
  return { run: next, data: { user: true, train: data.train.count, test: data.test.count } };
}
