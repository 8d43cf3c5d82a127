/**
 * The training charts (uPlot, on canvases): train and test loss (log scale), and train and test accuracy
 * (or nothing for regression) with the exact region count of the view on its own axis. A region count
 * stopped by its cap is drawn at its lower bound and written "≥ N" in the legend. A vertical line marks
 * the step viewed on the timeline. A third chart: the mean local complexity over the view and over the
 * data at the region-count steps (app/trainingComplexity.ts).
 */
import uPlot from 'uplot';
import type { Timeline } from '../app/timeline.ts';
import { formatCount } from '../engine/format.ts';

/** Three charts over the steps of a run; {@link TrainingCharts.update} redraws them from a timeline. */
export class TrainingCharts {
  private readonly loss: uPlot;
  private readonly acc: uPlot;
  private readonly lc: uPlot;
  private complete: boolean[] = [];
  /** The step marked by a vertical line (the step viewed), or null. */
  marked: number | null = null;

  /** Build the charts inside `parent`, each `width` CSS pixels wide. */
  constructor(parent: HTMLElement, width: number) {
    const mark = (u: uPlot) => {
      if (this.marked === null) return;
      const x = u.valToPos(this.marked, 'x', true);
      const { top, height } = u.bbox;
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = '#ffd24a';
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      ctx.restore();
    };
    const axis = { stroke: '#aaa', grid: { stroke: '#2a2e36' }, ticks: { stroke: '#2a2e36' } };
    const common = {
      width,
      height: 110,
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: { draw: [mark] },
    };
    this.loss = new uPlot(
      {
        ...common,
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [{ ...axis }, { ...axis, size: 44 }],
        series: [
          { label: 'step' },
          { label: 'train loss', stroke: '#6ab0ff', width: 1.5 },
          { label: 'test loss', stroke: '#ff9a5c', width: 1.5 },
        ],
      },
      [[], [], []],
      parent,
    );
    this.acc = new uPlot(
      {
        ...common,
        scales: {
          x: { time: false },
          acc: { range: [0, 1] },
          regions: { range: (_u, lo, hi) => [0, Math.max(1, lo, hi)] },
        },
        axes: [
          { ...axis },
          { ...axis, scale: 'acc', size: 44, values: (_u, v) => v.map((x) => `${Math.round(x * 100)}%`) },
          { ...axis, scale: 'regions', side: 1, size: 48, grid: { show: false } },
        ],
        series: [
          { label: 'step' },
          { label: 'train acc', scale: 'acc', stroke: '#6ab0ff', width: 1.5 },
          { label: 'test acc', scale: 'acc', stroke: '#ff9a5c', width: 1.5 },
          {
            label: 'regions',
            scale: 'regions',
            stroke: '#b8e986',
            width: 1.5,
            spanGaps: true,
            points: { show: true, size: 4 },
            value: (_u, v, _s, i) =>
              v === null || v === undefined
                ? '–'
                : `${i !== null && this.complete[i] === false ? '≥ ' : ''}${formatCount(v)}`,
          },
        ],
      },
      [[], [], [], []],
      parent,
    );
    this.lc = new uPlot(
      {
        ...common,
        scales: { x: { time: false }, y: { range: (_u, lo, hi) => [0, Math.max(1, lo, hi)] } },
        axes: [{ ...axis }, { ...axis, size: 44 }],
        series: [
          { label: 'step' },
          { label: 'LC view', stroke: '#c792ea', width: 1.5, points: { show: true, size: 4 } },
          { label: 'LC data', stroke: '#f07178', width: 1.5, points: { show: true, size: 4 } },
        ],
      },
      [[], [], []],
      parent,
    );
  }

  /** Redraw both charts from `timeline` (its records, and its region counts at their steps). */
  update(timeline: Timeline): void {
    const recs = timeline.records.items;
    const counts = timeline.regions.items;
    // The x values: every record step, and every counted step (usually record steps too), in order.
    const steps: number[] = [];
    let j = 0;
    const rows: { step: number; r: number; c: number }[] = [];
    for (let i = 0; i < recs.length || j < counts.length; ) {
      const rs = i < recs.length ? recs[i]!.step : Number.POSITIVE_INFINITY;
      const cs = j < counts.length ? counts[j]!.step : Number.POSITIVE_INFINITY;
      const step = Math.min(rs, cs);
      rows.push({ step, r: rs === step ? i++ : -1, c: cs === step ? j++ : -1 });
    }
    const n = rows.length;
    const trainLoss: (number | null)[] = new Array(n);
    const testLoss: (number | null)[] = new Array(n);
    const trainAcc: (number | null)[] = new Array(n);
    const testAcc: (number | null)[] = new Array(n);
    const regions: (number | null)[] = new Array(n);
    this.complete = new Array(n);
    rows.forEach((row, k) => {
      steps.push(row.step);
      const r = row.r >= 0 ? recs[row.r]! : null;
      // Losses of exactly 0 cannot be drawn on the log scale.
      trainLoss[k] = r && r.trainLoss > 0 ? r.trainLoss : null;
      testLoss[k] = r && r.testLoss !== null && r.testLoss > 0 ? r.testLoss : null;
      trainAcc[k] = r ? r.trainAccuracy : null;
      testAcc[k] = r ? r.testAccuracy : null;
      const c = row.c >= 0 ? counts[row.c]! : null;
      regions[k] = c ? c.count : null;
      this.complete[k] = c ? c.complete : true;
    });
    this.loss.setData([steps, trainLoss, testLoss] as uPlot.AlignedData);
    this.acc.setData([steps, trainAcc, testAcc, regions] as uPlot.AlignedData);
    const lc = timeline.complexity.items;
    this.lc.setData([
      lc.map((c) => c.step),
      lc.map((c) => c.view),
      lc.map((c) => c.data),
    ] as uPlot.AlignedData);
  }

  /** Redraw with the current data (after {@link marked} changed). */
  redraw(): void {
    this.loss.redraw(false, false);
    this.acc.redraw(false, false);
    this.lc.redraw(false, false);
  }
}
