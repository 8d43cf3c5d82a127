/**
 * The regions service: the one place the explorer asks for the enumeration of a view (the HUD's exact
 * count, the views' regions, the analysis' depth counts). Jobs run in a small pool of long-lived workers
 * (workers/regions.worker.ts) speaking app/regionsProtocol.ts; askers of the same job on the same view share
 * one run and one answer; a job whose askers all gave up is cancelled (a running one at once: by the shared
 * stop word where the page is cross-origin isolated, else by ending its worker, a fresh one taking its
 * place for the next job); progress is reported; and
 * a worker that fails rejects every pending request with the reason. Where there are no workers (Node) the
 * same jobs run on the calling thread.
 */

import { REGION_POOL_SIZE, REGION_RESULTS_KEPT } from '../engine/limits.ts';
import { type ModelJson, type Network, toModelJson } from '../engine/model.ts';
import type { Window } from '../engine/plane.ts';
import {
  type AnswerOf,
  type FromWorker,
  type JobAnswer,
  type RegionsJob,
  runJob,
  type ToWorker,
} from './regionsProtocol.ts';

type Answer = JobAnswer;

/** What the service needs of a worker (a DOM Worker, or a fake one in tests). */
export interface WorkerLike {
  /** Send a message to the worker. */
  postMessage(m: ToWorker, transfer?: Transferable[]): void;
  /** Stop the worker for good. */
  terminate(): void;
  /** Set by the service: the worker's messages. */
  onmessage: ((e: { data: FromWorker }) => void) | null;
  /** Set by the service: the worker died or threw (its message, when it has one). */
  onerror: ((e: { message?: string; preventDefault?: () => void }) => void) | null;
}

/** How one asker asks: an optional abort signal (its promise then rejects with an AbortError) and progress. */
export interface AskOptions {
  /** Abort this asker's interest; the job is cancelled once no asker is left. */
  signal?: AbortSignal;
  /**
   * Regions enumerated so far by the running job (several calls, growing), and for a `stream` job the
   * fraction of the view's area done (0 to 1; undefined for other jobs).
   */
  onProgress?: (regions: number, fraction?: number) => void;
}

interface Asker {
  resolve(a: Answer): void;
  reject(e: Error): void;
  onProgress: ((regions: number, fraction?: number) => void) | undefined;
  detach(): void;
}

interface Job {
  id: number;
  key: string;
  model: ModelJson;
  window: Window;
  job: RegionsJob;
  askers: Set<Asker>;
  slot: Slot | null;
  stop: Int32Array | undefined;
}

interface Slot {
  worker: WorkerLike;
  /** The id of the job the worker is running (also while a cancelled one drains), or 0 when idle. */
  running: number;
}

function abortError(what: string): Error {
  const e = new Error(`${what} was cancelled`);
  e.name = 'AbortError';
  return e;
}

/** The default worker factory: the module worker, or null where the platform has no workers. */
export function defaultWorkerFactory(): (() => WorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () =>
    new Worker(new URL('../workers/regions.worker.ts', import.meta.url), {
      type: 'module',
    }) as unknown as WorkerLike;
}

/** The pool of region workers and its shared, memoised jobs; see the module comment. */
export class RegionsService {
  private readonly slots: Slot[] = [];
  private readonly jobs = new Map<string, Job>();
  private readonly byId = new Map<number, Job>();
  private readonly queue: Job[] = [];
  private readonly answers = new Map<string, Answer>();
  private readonly netIds = new WeakMap<Network, number>();
  private readonly models = new WeakMap<Network, ModelJson>();
  private nextNet = 1;
  private nextId = 1;
  private readonly createWorker: (() => WorkerLike) | null;
  private readonly poolSize: number;
  private readonly kept: number;
  private crashNext: RegionsJob['kind'] | 'any' | null = null;
  /** Jobs started in a worker since creation (for tests: shared asks start one). */
  started = 0;
  /** Workers ended because the job they ran was cancelled (for tests). */
  ended = 0;

  /**
   * `createWorker` makes a worker (default: the module worker; null: run jobs on this thread), `poolSize`
   * workers at most run at once, and the last `kept` answers are remembered.
   */
  constructor(opts: { createWorker?: (() => WorkerLike) | null; poolSize?: number; kept?: number } = {}) {
    this.createWorker = opts.createWorker === undefined ? defaultWorkerFactory() : opts.createWorker;
    this.poolSize = Math.max(1, opts.poolSize ?? REGION_POOL_SIZE);
    this.kept = Math.max(0, opts.kept ?? REGION_RESULTS_KEPT);
  }

  /** True when jobs run in workers (asynchronously); false when they run on the calling thread. */
  get hasWorkers(): boolean {
    return this.createWorker !== null;
  }

  /** Jobs asked for and not answered yet (queued or running). */
  get pending(): number {
    return this.jobs.size;
  }

  /** The key of `job` for `net` on `window`: equal keys are one job (the network compared by identity). */
  keyOf(net: Network, window: Window, job: RegionsJob): string {
    let n = this.netIds.get(net);
    if (n === undefined) {
      n = this.nextNet++;
      this.netIds.set(net, n);
    }
    return JSON.stringify([n, window.x0, window.x1, window.y0, window.y1, window.plane, job]);
  }

  /**
   * The answer to `job` when it is known already; without workers, computed now. Null otherwise (then ask).
   * Throws an Error with the engine's reason when the view cannot be enumerated (on this thread only).
   */
  now<K extends RegionsJob['kind']>(
    net: Network,
    window: Window,
    job: RegionsJob & { kind: K },
  ): AnswerOf<K> | null {
    const key = this.keyOf(net, window, job);
    const known = this.answers.get(key);
    if (known) return known as AnswerOf<K>;
    if (this.createWorker) return null;
    const a = runJob(net, window, job, { cancelled: () => false, progress: () => {} });
    this.remember(key, a);
    return a as AnswerOf<K>;
  }

  /**
   * Ask for the answer to `job` for `net` on `window`. Askers of an equal job share one run. Rejects with
   * the engine's reason, with "the regions worker failed: …" when a worker dies, or with an AbortError when
   * `options.signal` aborts.
   */
  ask<K extends RegionsJob['kind']>(
    net: Network,
    window: Window,
    job: RegionsJob & { kind: K },
    options: AskOptions = {},
  ): Promise<AnswerOf<K>> {
    const { signal, onProgress } = options;
    if (signal?.aborted) return Promise.reject(abortError('the regions request'));
    try {
      const a = this.now<K>(net, window, job);
      if (a) return Promise.resolve(a as AnswerOf<K>);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const key = this.keyOf(net, window, job);
    let j = this.jobs.get(key);
    if (!j) {
      let model = this.models.get(net);
      if (!model) {
        model = toModelJson(net);
        this.models.set(net, model);
      }
      const isolated =
        typeof SharedArrayBuffer !== 'undefined' &&
        (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
      j = {
        id: this.nextId++,
        key,
        model,
        window,
        job,
        askers: new Set(),
        slot: null,
        stop: isolated ? new Int32Array(new SharedArrayBuffer(4)) : undefined,
      };
      this.jobs.set(key, j);
      this.byId.set(j.id, j);
      this.queue.push(j);
    }
    const job0 = j;
    return new Promise<AnswerOf<K>>((resolve, reject) => {
      const onAbort = () => {
        asker.detach();
        job0.askers.delete(asker);
        reject(abortError('the regions request'));
        if (job0.askers.size === 0) this.cancel(job0);
      };
      const asker: Asker = {
        resolve: (a) => resolve(a as AnswerOf<K>),
        reject,
        onProgress,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort);
      job0.askers.add(asker);
      this.dispatch();
    });
  }

  /**
   * A test hook for the failure path: the worker that gets the next job (of `kind`, when given) throws
   * before it runs it, so that every pending request rejects with "the regions worker failed: …".
   */
  crashNextJobForTest(kind?: RegionsJob['kind']): void {
    this.crashNext = kind ?? 'any';
  }

  /** Reject everything pending and stop the workers (the service can be used again: new workers start). */
  destroy(reason = 'the regions service was stopped'): void {
    this.failAll(reason);
  }

  private remember(key: string, a: Answer): void {
    if (this.kept === 0) return;
    this.answers.delete(key);
    this.answers.set(key, a);
    while (this.answers.size > this.kept) this.answers.delete(this.answers.keys().next().value!);
  }

  private cancel(j: Job): void {
    this.jobs.delete(j.key);
    const q = this.queue.indexOf(j);
    if (q >= 0) {
      this.queue.splice(q, 1);
      this.byId.delete(j.id);
      return;
    }
    // Running: the worker stops at its next check where it shares the stop word; elsewhere it cannot see a
    // message before the job ends, so it is ended now and a fresh worker takes its place.
    const slot = j.slot;
    if (!slot || slot.running !== j.id) return;
    if (j.stop) {
      Atomics.store(j.stop, 0, j.id);
      slot.worker.postMessage({ type: 'cancel', id: j.id });
      return;
    }
    slot.worker.onmessage = null;
    slot.worker.onerror = null;
    slot.worker.terminate();
    this.slots.splice(this.slots.indexOf(slot), 1);
    this.byId.delete(j.id);
    this.ended++;
    this.dispatch();
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.running === 0);
      if (!slot && this.slots.length < this.poolSize) {
        try {
          slot = this.spawn();
        } catch (e) {
          // A worker that cannot even start (a blocked or missing script) fails like one that died.
          this.failAll(`the regions worker failed: ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
      }
      if (!slot) return;
      const j = this.queue.shift()!;
      j.slot = slot;
      slot.running = j.id;
      this.started++;
      // The crash rides on the job itself: a separate message could reach the worker after the job ran.
      const crash = this.crashNext === 'any' || this.crashNext === j.job.kind;
      if (crash) this.crashNext = null;
      slot.worker.postMessage({
        type: 'run',
        id: j.id,
        model: j.model,
        window: j.window,
        job: j.job,
        ...(j.stop ? { stop: j.stop } : {}),
        ...(crash ? { crash: true as const } : {}),
      });
    }
  }

  private spawn(): Slot {
    const worker = this.createWorker!();
    const slot: Slot = { worker, running: 0 };
    worker.onmessage = (e) => this.receive(slot, e.data);
    worker.onerror = (e) => {
      e.preventDefault?.();
      this.failAll(`the regions worker failed: ${e.message || 'it stopped without a message'}`);
    };
    this.slots.push(slot);
    return slot;
  }

  private receive(slot: Slot, m: FromWorker): void {
    const j = this.byId.get(m.id);
    if (m.type === 'progress') {
      if (j) for (const a of j.askers) a.onProgress?.(m.regions, m.fraction);
      return;
    }
    if (slot.running === m.id) slot.running = 0;
    this.byId.delete(m.id);
    if (j && this.jobs.get(j.key) === j) {
      this.jobs.delete(j.key);
      if (m.type === 'done') this.remember(j.key, m.answer);
      for (const a of j.askers) {
        a.detach();
        if (m.type === 'done') a.resolve(m.answer);
        else a.reject(m.type === 'error' ? new Error(m.error) : abortError('the regions request'));
      }
    }
    this.dispatch();
  }

  private failAll(reason: string): void {
    const slots = this.slots.splice(0);
    for (const s of slots) {
      s.worker.onmessage = null;
      s.worker.onerror = null;
      s.worker.terminate();
    }
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    this.byId.clear();
    this.queue.length = 0;
    for (const j of jobs) {
      for (const a of j.askers) {
        a.detach();
        a.reject(new Error(reason));
      }
    }
  }
}
