/**
 * The region counts of the partitions after the first k layers, k = 1..L-1, for the analysis panel's
 * density-by-depth figures: a `depths` job of the regions service (app/regionsService.ts; on this thread and
 * without a time budget where there are no workers), memoised on (network, view); a newer query cancels an
 * older one.
 */
import { viewWindow } from '../app/network.ts';
import type { DepthCount } from '../app/regionsProtocol.ts';
import type { RegionsService } from '../app/regionsService.ts';
import { stateCount } from '../engine/activations.ts';
import { DEPTH_TIME_BUDGET_MS, REGION_CAP } from '../engine/limits.ts';
import type { Network } from '../engine/model.ts';
import { keyOf, type RegionsQuery } from './exactRegions.ts';

export type { DepthCount } from '../app/regionsProtocol.ts';

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
  private abort: AbortController | null = null;

  /** Ask `service`; `done` is called when a computation ends. */
  constructor(
    private readonly service: RegionsService,
    private readonly done: () => void,
    private readonly cap = REGION_CAP,
    private readonly budgetMs = DEPTH_TIME_BUDGET_MS,
  ) {}

  /** The counts for `q` when known; otherwise null, and the computation starts. */
  get(q: RegionsQuery): DepthCount[] | null {
    const key = keyOf(q);
    if (this.net === q.net && this.key === key) return this.counts;
    const window = viewWindow(q.net, q.view);
    const depths = depthsToCount(q.net);
    const net = q.net;
    const finish = (counts: DepthCount[]) => {
      this.key = key;
      this.net = net;
      this.counts = counts;
    };
    const failed = () => depths.map((layer) => ({ layer, count: 0, complete: false }));
    // Without workers: on this thread, and without a time budget (Infinity: never stopped by time).
    const budgetMs = this.service.hasWorkers ? this.budgetMs : Number.POSITIVE_INFINITY;
    const job = { kind: 'depths' as const, depths, maxRegions: this.cap, budgetMs };
    try {
      const known = this.service.now(net, window, job);
      if (known) {
        finish(known.depths);
        return this.counts;
      }
    } catch {
      finish(failed());
      return this.counts;
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.key = key;
    this.net = net;
    this.counts = null;
    this.service.ask(net, window, job, { signal: abort.signal }).then(
      (a) => {
        if (this.abort !== abort) return;
        this.abort = null;
        finish(a.depths);
        this.done();
      },
      (e: Error) => {
        if (this.abort !== abort || e.name === 'AbortError') return;
        this.abort = null;
        finish(failed());
        this.done();
      },
    );
    return null;
  }
}
