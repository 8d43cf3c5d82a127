/**
 * The regions worker: answers the regions service's jobs (app/regionsProtocol.ts) with the engine through
 * {@link createJobHost}, one at a time in the order received. A job is cancelled by a `cancel` message: a
 * queued one is dropped, a running one stops at its next check when the service shares a stop word
 * (cross-origin isolated pages) and otherwise runs to its cap or budget; a cancel of a job already answered
 * is ignored, so the worker keeps nothing of it.
 */

import { createJobHost, type FromWorker, type ToWorker } from '../app/regionsProtocol.ts';

const host = createJobHost((m: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(m, transfer),
);

self.onmessage = (e: MessageEvent<ToWorker>) => host.receive(e.data);
