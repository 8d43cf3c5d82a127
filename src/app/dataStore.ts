/**
 * The data points of the explorer: one point set of the trainer's type (engine/train/data.ts) with its
 * task, replaced as a whole (CSV files, the API, clicks on the map) and announced to listeners, so that the
 * map layer redraws and training reads the same points.
 */
import { withoutPoint, withPoint } from '../engine/dataPoints.ts';
import type { PointSet, TaskKind } from '../engine/train/data.ts';

/** The `source` of the map data that are a built-in training run's points (see trainingData.ts). */
export const TRAINING_SOURCE = 'training data';

/**
 * The `source` of points edited on the map. Editing a built-in training run's points (source "training
 * data") makes them the user's points, so that they are kept and trained on as user data.
 */
export const EDITED_SOURCE = 'map';

/** The source of `d` after an edit: its own, or {@link EDITED_SOURCE} for a run's points or none. */
const editedSource = (d: MapData | null) => (!d || d.source === TRAINING_SOURCE ? EDITED_SOURCE : d.source);

/** The points on the map and their task. */
export interface MapData {
  /** Classification (integer labels) or regression (real targets). */
  readonly kind: TaskKind;
  /** The points: inputs of the network's input dimension and one label or target each. */
  readonly points: PointSet;
  /** Where the points came from (a file name, "API", "map"), for messages. */
  readonly source: string;
  /** Points from this index on are a test set (drawn hollow); undefined: every point is drawn filled. */
  readonly testFrom?: number;
}

/**
 * The number of classes of `data` (max label + 1, at least 2) for classification; 0 for regression or
 * without data.
 */
export function classCount(data: MapData | null): number {
  if (data?.kind !== 'classification') return 0;
  let max = 1;
  for (let p = 0; p < data.points.count; p++) max = Math.max(max, data.points.y[p]!);
  return max + 1;
}

/** The explorer's data: get, replace, edit, and listen to changes. */
export class DataStore {
  private current: MapData | null = null;
  private readonly listeners = new Set<(d: MapData | null) => void>();
  /** Incremented on every change (so a reader can tell whether the points are the ones it saw). */
  version = 0;

  /** The data, or null when none is loaded. */
  get(): MapData | null {
    return this.current;
  }

  /** Replace the data (null: remove it) and tell the listeners. */
  set(data: MapData | null): void {
    this.current = data;
    this.version++;
    for (const fn of [...this.listeners]) fn(data);
  }

  /**
   * Add a point with inputs `x` and label or target `y`. Without data, a classification set of
   * `inputDim` inputs starts with it. Returns a message when `x` has the wrong length.
   */
  add(x: ArrayLike<number>, y: number, inputDim: number): string | null {
    const d = this.current;
    const points = d?.points ?? { inputDim, count: 0, x: new Float64Array(0), y: new Float64Array(0) };
    if (x.length !== points.inputDim)
      return `the point has ${x.length} inputs, the data has ${points.inputDim}`;
    this.set({
      kind: d?.kind ?? 'classification',
      source: editedSource(d),
      points: withPoint(points, x, y),
    });
    return null;
  }

  /** Remove point `index` (nothing happens when it is out of range). */
  remove(index: number): void {
    const d = this.current;
    if (!d || index < 0 || index >= d.points.count) return;
    const source = editedSource(d);
    // An edited run's points are the user's from now on: their split is the run's, taken again (no testFrom).
    const testFrom =
      source !== d.source
        ? undefined
        : d.testFrom !== undefined && index < d.testFrom
          ? d.testFrom - 1
          : d.testFrom;
    this.set({
      kind: d.kind,
      source,
      points: withoutPoint(d.points, index),
      ...(testFrom !== undefined ? { testFrom } : {}),
    });
  }

  /** Call `fn` after every change until the returned function is called. */
  onChange(fn: (d: MapData | null) => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }
}
