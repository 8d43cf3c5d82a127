/**
 * The worker pool of the Node benchmarks (workers.ts, million.ts): worker_threads running tile-worker.ts,
 * each holding the network; `run` spreads tasks over them as they become free.
 */
import { Worker } from 'node:worker_threads';
import { type Network, toModelJson } from '../../src/engine/model.ts';
import type { WorkerAnswer, WorkerTask } from './tile-worker.ts';

/** A pool of workers that each hold the network; `run` spreads tasks over them as they become free. */
export class Pool {
  private readonly workers: Worker[];
  private fail: ((e: Error) => void) | null = null;
  constructor(n: number, net: Network) {
    // Workers do not inherit tsx's loader in Node 20 (nor take it from execArgv in time): each registers it
    // and then imports the TypeScript worker.
    const url = new URL('./tile-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(url)}); })`;
    this.workers = Array.from({ length: n }, () => new Worker(boot, { eval: true }));
    for (const w of this.workers) w.on('error', (e) => this.fail?.(e));
    for (const w of this.workers)
      w.postMessage({ kind: 'model', model: toModelJson(net) } satisfies WorkerTask);
  }

  /**
   * Run the tasks; `onAnswer` sees each answer as it arrives (the others still at work). Each worker holds
   * up to `depth` tasks (default 2), so that it starts its next one without waiting for the round trip of
   * its last answer; a worker answers its tasks in the order it got them.
   */
  run(
    tasks: WorkerTask[],
    onAnswer?: (a: WorkerAnswer, i: number) => void,
    depth = 2,
  ): Promise<WorkerAnswer[]> {
    const answers: WorkerAnswer[] = new Array(tasks.length);
    let next = 0;
    let done = 0;
    return new Promise((resolve, reject) => {
      this.fail = reject;
      if (tasks.length === 0) return resolve(answers);
      const listeners: [Worker, (a: WorkerAnswer) => void][] = [];
      const finish = () => {
        for (const [w, f] of listeners) w.off('message', f);
      };
      for (const w of this.workers) {
        const held: number[] = [];
        const feed = () => {
          if (next >= tasks.length) return;
          held.push(next);
          w.postMessage(tasks[next++]);
        };
        const onMessage = (a: WorkerAnswer) => {
          const i = held.shift()!;
          if (a.error) {
            finish();
            return reject(new Error(a.error));
          }
          answers[i] = a;
          // The worker gets its next task before the answer is used.
          feed();
          onAnswer?.(a, i);
          if (++done === tasks.length) {
            finish();
            resolve(answers);
          }
        };
        w.on('message', onMessage);
        listeners.push([w, onMessage]);
        for (let k = 0; k < depth; k++) feed();
      }
    });
  }

  close(): Promise<number[]> {
    return Promise.all(this.workers.map((w) => w.terminate()));
  }
}
