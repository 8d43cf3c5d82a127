/**
 * The training run's points on the map: when a run starts, its train and test points go into the data
 * layer (test points from index `testFrom` on, drawn hollow), so they are visible while training; they
 * are removed when training stops being used (a loaded model). Points the user put on the map (a CSV, the
 * API, clicks) are never replaced by them.
 */
import type { Dataset } from '../engine/train/data.ts';
import { type DataStore, type MapData, TRAINING_SOURCE } from './dataStore.ts';

export { TRAINING_SOURCE } from './dataStore.ts';

/** The train points followed by the test points of `d`, as map data with `testFrom` at the first test point. */
export function trainingMapData(d: Dataset): MapData {
  const { train, test, inputDim } = d;
  const x = new Float64Array((train.count + test.count) * inputDim);
  x.set(train.x);
  x.set(test.x, train.count * inputDim);
  const y = new Float64Array(train.count + test.count);
  y.set(train.y);
  y.set(test.y, train.count);
  return {
    kind: d.kind,
    source: TRAINING_SOURCE,
    testFrom: train.count,
    points: { inputDim, count: train.count + test.count, x, y },
  };
}

/**
 * Show the points of `d` in `store` (null: remove the training points), unless `store` holds points of
 * another source, which stay.
 */
export function showTrainingPoints(store: DataStore, d: Dataset | null): void {
  const cur = store.get();
  if (cur && cur.source !== TRAINING_SOURCE) return;
  if (d) store.set(trainingMapData(d));
  else if (cur) store.set(null);
}
