/**
 * The training worker: runs the engine's trainer between messages through {@link createTrainingHost}
 * (app/trainingProtocol.ts) and posts the weights to the page; the module only connects the host to
 * `self`. Messages of a generation other than the current run's are ignored.
 */

import { createTrainingHost, type FromTrainer, type ToTrainer } from '../app/trainingProtocol.ts';

const host = createTrainingHost((m: FromTrainer, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(m, transfer),
);

self.onmessage = (e: MessageEvent<ToTrainer>) => host.receive(e.data);
