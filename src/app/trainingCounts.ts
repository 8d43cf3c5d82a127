/**
 * The exact region counts of a training run's view: one count at a time is asked of the target (the
 * explorer's regions service); a count due while another runs waits, and only the newest waiting one is
 * asked, at least COUNT_GAP_MS after the previous answer, so the shared region workers stay free for the
 * explorer's own counts. Answers go into the timeline with their step and completeness (a count stopped by
 * its cap is a lower bound).
 */
import type { Network } from '../engine/model.ts';
import type { Timeline } from './timeline.ts';
import type { TrainingTarget } from './trainingTypes.ts';

/** Milliseconds between the end of one region count and the next ask. */
export const COUNT_GAP_MS = 200;

/** The counter of one session; see the module comment. */
export class RegionCounter {
  private counting: AbortController | null = null;
  private waiting: { step: number; net: Network } | null = null;
  private gap: ReturnType<typeof setTimeout> | null = null;
  private run = 0;

  /** Counts into `timeline` through `target`, calling `changed` after each answer. */
  constructor(
    private readonly timeline: Timeline,
    private readonly target: Pick<TrainingTarget, 'countRegions'>,
    private readonly changed: () => void,
  ) {}

  /** The weights of step `step` are due to be counted (replacing any count still waiting). */
  due(step: number, net: Network): void {
    this.waiting = { step, net };
    this.next();
  }

  /** Abort the count running and forget the one waiting (a new run). */
  cancel(): void {
    this.run++;
    this.counting?.abort();
    this.counting = null;
    this.waiting = null;
    if (this.gap) clearTimeout(this.gap);
    this.gap = null;
  }

  private next(): void {
    const due = this.waiting;
    if (this.counting || this.gap || !due || !this.target.countRegions) return;
    this.waiting = null;
    const abort = new AbortController();
    const asked = this.target.countRegions(due.net, abort.signal);
    if (!asked) return;
    this.counting = abort;
    const run = this.run;
    const after = () => {
      this.counting = null;
      this.gap = setTimeout(() => {
        this.gap = null;
        this.next();
      }, COUNT_GAP_MS);
    };
    asked.then(
      (r) => {
        if (run !== this.run) return;
        this.timeline.regions.push({ step: due.step, count: r.count, complete: r.complete });
        after();
        this.changed();
      },
      () => {
        if (run === this.run) after();
      },
    );
  }
}
