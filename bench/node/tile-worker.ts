/**
 * Worker of bench/node/workers.ts (worker_threads): receives a model once, then tasks; answers each task with
 * its result, the arrays transferred. Tasks: `tile` (summariseTile on a sub-window) and `grid`
 * (evaluateGrid on a band of rows; answers only the seconds, the work is what is measured).
 */
import { parentPort } from 'node:worker_threads';
import { evaluateGrid } from '../../src/engine/forward.ts';
import { type Network, parseModelOrThrow } from '../../src/engine/model.ts';
import { planeMap, type Window } from '../../src/engine/plane.ts';
import { summariseTile } from '../../src/engine/tiles.ts';

/** A message to the worker. */
export type WorkerTask =
  | { kind: 'model'; model: unknown }
  | { kind: 'tile'; id: number; window: Window }
  | { kind: 'grid'; id: number; window: Window; width: number; height: number };

/** The worker's answer to a tile or grid task (hashes and areas only for tiles). */
export interface WorkerAnswer {
  /** The task's id. */
  id: number;
  /** An error message, or null. */
  error: string | null;
  /** Pattern hashes of the tile's pieces. */
  hashes?: Uint32Array;
  /** Areas of the tile's pieces. */
  areas?: Float64Array;
}

let net: Network | null = null;
const port = parentPort!;
port.on('message', (task: WorkerTask) => {
  if (task.kind === 'model') {
    net = parseModelOrThrow(task.model);
    return;
  }
  if (!net) {
    port.postMessage({ id: task.id, error: 'no model' } satisfies WorkerAnswer);
    return;
  }
  if (task.kind === 'tile') {
    const s = summariseTile(net, task.window);
    if (typeof s === 'string') port.postMessage({ id: task.id, error: s } satisfies WorkerAnswer);
    else
      port.postMessage(
        { id: task.id, error: null, hashes: s.hashes, areas: s.areas } satisfies WorkerAnswer,
        [s.hashes.buffer as ArrayBuffer, s.areas.buffer as ArrayBuffer],
      );
    return;
  }
  const map = planeMap(net.inputDim, task.window.plane);
  if (typeof map === 'string') {
    port.postMessage({ id: task.id, error: map } satisfies WorkerAnswer);
    return;
  }
  evaluateGrid(net, map, task.window, task.width, task.height);
  port.postMessage({ id: task.id, error: null } satisfies WorkerAnswer);
});
