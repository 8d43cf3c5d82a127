/**
 * Mean local complexity over training: at every region-count step the training session takes the mean
 * local complexity of the snapshot's network over the view (a 24 x 24 grid of pixel centres) and over the
 * data points (at their projections onto the plane), in float64 with engine/complexity.ts, so the chart
 * shows exactly the engine's means of the weights at those steps.
 */
import {
  meanLocalComplexityAtPoints,
  meanLocalComplexityOverView,
  type PlaneRect,
} from '../engine/complexity.ts';
import type { Network } from '../engine/model.ts';
import type { PlaneMap } from '../engine/plane.ts';
import type { Timeline } from './timeline.ts';

/** Grid side of the view's samples over training (small: it runs on the page between frames). */
export const TRAINING_COMPLEXITY_GRID = 24;

/** Where the means are taken: the plane, the view, the radius in plane units, and the data's projections. */
export interface ComplexityProbe {
  /** The plane of the map. */
  map: PlaneMap;
  /** The view rectangle in (s, t) plane units. */
  view: PlaneRect;
  /** The radius in plane units. */
  radius: number;
  /** The data points' plane coordinates (empty without data). */
  s: ArrayLike<number>;
  /** The data points' plane coordinates (empty without data). */
  t: ArrayLike<number>;
}

/** The mean local complexity at one step of a run. */
export interface ComplexityRecord {
  /** Step of the weights. */
  step: number;
  /** The mean over the view's 24 x 24 grid. */
  view: number;
  /** The mean over the data points, or null without data. */
  data: number | null;
}

/** The record of `net` at `step` for `probe`. */
export function complexityRecord(step: number, net: Network, probe: ComplexityProbe): ComplexityRecord {
  const { map, view, radius } = probe;
  return {
    step,
    view: meanLocalComplexityOverView(net, map, view, radius, TRAINING_COMPLEXITY_GRID),
    data: probe.s.length > 0 ? meanLocalComplexityAtPoints(net, map, probe.s, probe.t, radius) : null,
  };
}

/** Milliseconds between two mean-local-complexity records while training plays. */
export const COMPLEXITY_GAP_MS = 250;

/**
 * The complexity records of a session: the steps due (region-count steps) are taken into `timeline` with
 * the probe of the moment. While training plays only the newest due step of an update is taken, and at
 * most every COMPLEXITY_GAP_MS (it runs on the page, between frames); a settled update takes every one.
 */
export class ComplexitySampler {
  private waiting: { step: number; net: Network }[] = [];
  private last = Number.NEGATIVE_INFINITY;

  /** Records into `timeline` at the probe `probe()` gives (null: none taken). */
  constructor(
    private readonly timeline: Timeline,
    private readonly probe: () => ComplexityProbe | null,
  ) {}

  /** The network of step `step` is due (while `playing`, it replaces those waiting). */
  due(step: number, net: Network, playing: boolean): void {
    if (playing) this.waiting = [{ step, net }];
    else this.waiting.push({ step, net });
  }

  /** Forget the steps waiting (a new run). */
  clear(): void {
    this.waiting = [];
  }

  /** Take the records due, unless training plays and the last was taken less than COMPLEXITY_GAP_MS ago. */
  take(playing: boolean, now = performance.now()): void {
    if (this.waiting.length === 0 || (playing && now - this.last < COMPLEXITY_GAP_MS)) return;
    const probe = this.probe();
    if (probe)
      for (const d of this.waiting) this.timeline.complexity.push(complexityRecord(d.step, d.net, probe));
    this.waiting = [];
    this.last = now;
  }
}
