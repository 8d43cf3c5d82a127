/**
 * The regions worker: answers the regions service's jobs (app/regionsProtocol.ts) with the engine, one at
 * a time in the order received. A job is cancelled by a `cancel` message: a queued one is dropped, a
 * running one stops at its next check when the service shares a stop word (cross-origin isolated pages)
 * and otherwise runs to its cap or budget and its answer is replaced by `cancelled`.
 */

import {
  Cancelled,
  type FromWorker,
  runJob,
  type ToWorker,
  transferablesOf,
} from '../app/regionsProtocol.ts';
import { parseModelOrThrow } from '../engine/model.ts';

const queue: Extract<ToWorker, { type: 'run' }>[] = [];
const cancelled = new Set<number>();
let scheduled = false;

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'crash') throw new Error('the regions worker was crashed on purpose (test hook)');
  if (m.type === 'cancel') {
    cancelled.add(m.id);
    return;
  }
  queue.push(m);
  // Run in a later task, so that a cancel posted right after the job is seen before it starts.
  if (!scheduled) {
    scheduled = true;
    setTimeout(drain, 0);
  }
};

function drain(): void {
  scheduled = false;
  const q = queue.shift();
  if (!q) return;
  if (queue.length) {
    scheduled = true;
    setTimeout(drain, 0);
  }
  if (cancelled.delete(q.id)) {
    post({ type: 'cancelled', id: q.id });
    return;
  }
  try {
    // Checked on the main thread already; a bad model is reported like any failure below.
    const network = parseModelOrThrow(q.model);
    const answer = runJob(network, q.window, q.job, {
      cancelled: () => (q.stop ? Atomics.load(q.stop, 0) === q.id : false),
      progress: (regions) => post({ type: 'progress', id: q.id, regions }),
    });
    post({ type: 'done', id: q.id, answer }, transferablesOf(answer));
  } catch (err) {
    if (err instanceof Cancelled) post({ type: 'cancelled', id: q.id });
    else post({ type: 'error', id: q.id, error: err instanceof Error ? err.message : String(err) });
  }
}

function post(m: FromWorker, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(m, transfer);
}
