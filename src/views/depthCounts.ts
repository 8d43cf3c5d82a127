/**
 * The region counts of the partitions after the first k layers, k = 1..L-1, for the analysis panel's
 * density-by-depth figures: computed in the views' worker (workers/views.worker.ts; synchronously where
 * there are no workers), memoised on (network, view); a newer query cancels an older one.
 */
import { viewWindow } from '../app/network.ts';
import { stateCount } from '../engine/activations.ts';
import { type Network, toModelJson } from '../engine/model.ts';
import { keyOf, type RegionsQuery } from './exactRegions.ts';
import {
  countDepths,
  type DepthCount,
  type ViewRegionsRequest,
  type ViewRegionsResponse,
} from './regionsProtocol.ts';

/**
 * The depths worth counting: each k whose layer k is non-linear and followed by another non-linear layer (the
 * partition after the last non-linear layer is the full one, which the views enumerate anyway).
 */
export function depthsToCount(net: Network): number[] {
  const nonlinear = net.layers.map((L) => stateCount(L.activation) > 1);
  const last = nonlinear.lastIndexOf(true);
  const out: number[] = [];
  for (let k = 1; k <= last; k++) if (nonlinear[k - 1]) out.push(k);
  return out;
}

/** A one-entry memo of the depth counts of the view. */
export class DepthCounts {
  private key = '';
  private net: Network | null = null;
  private counts: DepthCount[] | null = null;
  private pending = '';
  private worker: Worker | null = null;
  private id = 0;

  /** `done` is called when a computation ends. */
  constructor(
    private readonly done: () => void,
    private readonly cap = 20_000,
    private readonly budgetMs = 4000,
  ) {}

  /** The counts for `q` when known; otherwise null, and the computation starts. */
  get(q: RegionsQuery): DepthCount[] | null {
    const key = keyOf(q);
    if (this.counts && this.net === q.net && this.key === key) return this.counts;
    const window = viewWindow(q.net, q.view);
    const depths = depthsToCount(q.net);
    const finish = (counts: DepthCount[]) => {
      this.pending = '';
      this.key = key;
      this.net = q.net;
      this.counts = counts;
    };
    if (typeof Worker === 'undefined') {
      // Synchronously, and without a time budget (Infinity: never stopped by time).
      finish(countDepths(q.net, window, depths, this.cap, Number.POSITIVE_INFINITY));
      return this.counts;
    }
    if (this.pending === key && this.net === q.net) return null;
    this.worker?.terminate();
    this.worker = new Worker(new URL('../workers/views.worker.ts', import.meta.url), { type: 'module' });
    const id = ++this.id;
    const net = q.net;
    this.worker.onmessage = (e: MessageEvent<ViewRegionsResponse>) => {
      if (e.data.id !== id) return;
      this.net = net;
      finish('depths' in e.data ? e.data.depths : []);
      this.worker?.terminate();
      this.worker = null;
      this.done();
    };
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.worker = null;
      this.net = net;
      finish(depthsToCount(net).map((layer) => ({ layer, count: 0, complete: false })));
      this.done();
    };
    this.pending = key;
    this.net = q.net;
    this.counts = null;
    const msg: ViewRegionsRequest = {
      id,
      model: toModelJson(q.net),
      window,
      maxRegions: this.cap,
      budgetMs: this.budgetMs,
      depths,
    };
    this.worker.postMessage(msg);
    return null;
  }
}
