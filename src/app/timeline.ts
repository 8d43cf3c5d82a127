/**
 * The timeline of a training run: its records (metrics every few steps), its snapshots (the weights every
 * K steps) and its exact region counts, each bounded in memory. When a list reaches its bound, every
 * other entry is dropped (the newest always kept), so a long run keeps an evenly thinned history whose
 * spacing doubles each time; the lists can be cut back to a step to resume a run from there.
 */
import type { TrainMetrics } from '../engine/train/trainer.ts';
import type { ComplexityRecord } from './trainingComplexity.ts';

/** Records kept at most (metrics for the charts). */
export const MAX_RECORDS = 4000;
/** Snapshots kept at most (each holds a copy of every parameter). */
export const MAX_SNAPSHOTS = 400;
/** Region counts kept at most. */
export const MAX_REGION_COUNTS = 2000;

/** The exact region count of the view at one step. */
export interface RegionCountRecord {
  /** Step of the weights counted. */
  step: number;
  /** Number of regions; a lower bound when complete is false. */
  count: number;
  /** False when the enumeration stopped at its cap ("at least count"). */
  complete: boolean;
}

/** A list of step-ordered entries, thinned to at most `max` entries (max >= 2). */
export class ThinnedList<T extends { step: number }> {
  /** The entries, in increasing step. */
  readonly items: T[] = [];
  /** Times the list has been thinned. */
  thinnings = 0;

  /** A list of at most `max` entries. */
  constructor(readonly max: number) {}

  /** Append `item` (its step must exceed the last one's; an equal or earlier step replaces the tail). */
  push(item: T): void {
    this.cutAfter(item.step - 1);
    this.items.push(item);
    if (this.items.length > this.max) this.thin();
  }

  /** Drop every entry after `step`. */
  cutAfter(step: number): void {
    let n = this.items.length;
    while (n > 0 && this.items[n - 1]!.step > step) n--;
    this.items.length = n;
  }

  /** The last entry at or before `step`, or null. */
  atOrBefore(step: number): T | null {
    let lo = 0;
    let hi = this.items.length - 1;
    let best: T | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const it = this.items[mid]!;
      if (it.step <= step) {
        best = it;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  /** The last entry, or null. */
  last(): T | null {
    return this.items[this.items.length - 1] ?? null;
  }

  /** Remove everything. */
  clear(): void {
    this.items.length = 0;
    this.thinnings = 0;
  }

  private thin(): void {
    const it = this.items;
    const last = it[it.length - 1]!;
    let w = 0;
    for (let r = 0; r < it.length - 1; r += 2) it[w++] = it[r]!;
    it.length = w;
    if (it[w - 1] !== last) it.push(last);
    this.thinnings++;
  }
}

/** A snapshot of the weights at one step. */
export interface Snapshot {
  /** Step of the weights. */
  step: number;
  /** Every parameter (the run's layout). */
  params: Float64Array;
}

/** The three bounded histories of one run. */
export class Timeline {
  /** Loss and accuracy every few steps. */
  readonly records = new ThinnedList<TrainMetrics>(MAX_RECORDS);
  /** The weights every K steps. */
  readonly snapshots = new ThinnedList<Snapshot>(MAX_SNAPSHOTS);
  /** Exact region counts of the view. */
  readonly regions = new ThinnedList<RegionCountRecord>(MAX_REGION_COUNTS);
  /** Mean local complexity over the view and the data, at the region-count steps. */
  readonly complexity = new ThinnedList<ComplexityRecord>(MAX_REGION_COUNTS);

  /** Drop everything after `step` (resuming from there). */
  cutAfter(step: number): void {
    this.records.cutAfter(step);
    this.snapshots.cutAfter(step);
    this.regions.cutAfter(step);
    this.complexity.cutAfter(step);
  }

  /** Remove everything (a new run). */
  clear(): void {
    this.records.clear();
    this.snapshots.clear();
    this.regions.clear();
    this.complexity.clear();
  }
}
