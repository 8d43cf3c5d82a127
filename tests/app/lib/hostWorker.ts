/**
 * A stand-in for the training worker in Node: it runs the real training host (trainingProtocol.ts), and
 * messages cross both ways on later tasks as structured clones, as they would between threads.
 */
import { createTrainingHost, type FromTrainer, type ToTrainer } from '../../../src/app/trainingProtocol.ts';
import type { TrainerWorkerLike } from '../../../src/app/trainingSession.ts';

export class HostWorker implements TrainerWorkerLike {
  onmessage: TrainerWorkerLike['onmessage'] = null;
  onerror: TrainerWorkerLike['onerror'] = null;
  terminated = false;
  /** Every message posted to the worker, in order. */
  readonly sent: ToTrainer[] = [];
  private readonly host = createTrainingHost(
    (m: FromTrainer) => {
      if (!this.terminated) setTimeout(() => this.onmessage?.({ data: m }), 0);
    },
    (run) => setTimeout(run, 0),
    () => this.clock(),
  );
  /** `clock` is the host's time (a fake one makes updates of a fixed number of steps). */
  constructor(private readonly clock: () => number = () => performance.now()) {}
  postMessage(m: ToTrainer): void {
    this.sent.push(m);
    const copy = structuredClone(m);
    setTimeout(() => {
      if (!this.terminated) this.host.receive(copy);
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}
