/**
 * The types and constants of the training session (trainingSession.ts): what it needs of a worker and of
 * the explorer, its cadence and speeds, and the status it reports.
 */
import type { Network } from '../engine/model.ts';
import type { Dataset } from '../engine/train/data.ts';
import type { TrainMetrics } from '../engine/train/trainer.ts';
import type { AppState } from '../state/appState.ts';
import type { ComplexityProbe } from './trainingComplexity.ts';
import type { FromTrainer, ToTrainer, UserPoints } from './trainingProtocol.ts';

/** What the session needs of a worker (a DOM Worker, or a fake one in tests). */
export interface TrainerWorkerLike {
  /** Send a message to the worker. */
  postMessage(m: ToTrainer): void;
  /** Stop the worker for good. */
  terminate(): void;
  /** Set by the session: the worker's messages. */
  onmessage: ((e: { data: FromTrainer }) => void) | null;
  /** Set by the session: the worker died or threw. */
  onerror: ((e: { message?: string; preventDefault?: () => void }) => void) | null;
}

/** What the session drives: the explorer (the App) or a fake in tests. */
export interface TrainingTarget {
  /** The current state (architecture and training settings). */
  readonly state: AppState;
  /**
   * Show `net` (the current architecture with other weights) in the next frame; `settled` when training
   * is not running (the exact count and the views follow). The target calls the session's
   * {@link TrainingSession.frameDrawn} once that frame is complete.
   */
  showWeights(net: Network, settled: boolean): void;
  /** A message for the user. */
  notify(kind: 'error' | 'info', text: string): void;
  /**
   * The points on the map (a CSV, the API, clicks, or a built-in run's points), which a run on user data
   * (`training.dataset` is `user`) trains on; null when there are none.
   */
  userPoints?(): UserPoints | null;
  /**
   * The network of the loaded model the state names (`state.model`), with the weights of its file (not
   * trained ones), or null when none is loaded under that name.
   */
  modelNetwork?(): Network | null;
  /** Show the run's points on the map (null: training is not in use; remove them). */
  showTrainingData?(data: Dataset | null): void;
  /** Where to take the mean local complexity over training (none: no complexity series). */
  complexityProbe?(): ComplexityProbe | null;
  /** The exact region count of the view of `net` (capped), or null where nothing is counted. */
  countRegions?(net: Network, signal: AbortSignal): Promise<{ count: number; complete: boolean }> | null;
}

/** Steps per update offered by the speed control (Infinity: as many as fit in an update's time budget). */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, Number.POSITIVE_INFINITY] as const;

/** Cadence of a session's records, snapshots and region counts, in steps. */
export interface TrainingCadence {
  /** Steps between records (charts). */
  recordEvery: number;
  /** Steps between snapshots (a multiple of recordEvery). */
  snapshotEvery: number;
  /** Steps between exact region counts (a multiple of snapshotEvery; 0: none). */
  regionsEvery: number;
}

/** The default cadence: records every 10 steps, snapshots every 50, region counts every 100. */
export const DEFAULT_CADENCE: TrainingCadence = { recordEvery: 10, snapshotEvery: 50, regionsEvery: 100 };

/** What {@link TrainingSession.status} reports. */
export interface TrainingStatus {
  /** Generation of the current run (0 before the first). */
  generation: number;
  /** Step of the weights shown. */
  step: number;
  /** Step the worker reached (the newest weights received). */
  latestStep: number;
  /** True while training runs. */
  playing: boolean;
  /** The step viewed on the timeline when it is not the latest, else null. */
  viewing: number | null;
  /** Metrics at the latest record, or null. */
  metrics: TrainMetrics | null;
  /** The latest exact region count, or null. */
  regions: { step: number; count: number; complete: boolean } | null;
  /** The error of the current run, or null. */
  error: string | null;
  /** What the run trains on: a built-in dataset or the user's points, and its train and test counts. */
  data: { user: boolean; train: number; test: number } | null;
  /** The name of the loaded model the run trains, or null (the generated network, or no run). */
  model: string | null;
}

/** The default worker factory: the module worker, or null where the platform has no workers. */
export function defaultTrainerFactory(): (() => TrainerWorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () =>
    new Worker(new URL('../workers/train.worker.ts', import.meta.url), {
      type: 'module',
    }) as unknown as TrainerWorkerLike;
}
