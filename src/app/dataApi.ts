/**
 * The data part of the scripting API (`reluOrigami.setData`, `reluOrigami.data`) and the CSV loading shared
 * with the file picker: points are checked against the network's input dimension, and data that cannot be
 * used is refused with every problem while the current data is kept.
 */
import { pointSetOf } from '../engine/dataPoints.ts';
import { parsePointsCsv } from '../engine/train/csv.ts';
import type { PointSet, TaskKind } from '../engine/train/data.ts';
import type { App } from './app.ts';
import { classCount } from './dataStore.ts';

/** Data as the API takes it: rows of inputs and one label or target per row; or CSV text; or null (clear). */
export type DataInput =
  | { x: number[][]; y: number[]; kind?: TaskKind }
  | { points: PointSet; kind?: TaskKind }
  | string
  | null;

/** Data as the API returns it: plain arrays (they cross puppeteer and postMessage as they are). */
export interface DataOutput {
  /** Classification or regression. */
  kind: TaskKind;
  /** Number of classes (max label + 1, at least 2) for classification; 0 for regression. */
  classes: number;
  /** Inputs per point. */
  inputDim: number;
  /** Inputs, one row per point. */
  x: number[][];
  /** Labels or targets, one per point. */
  y: number[];
}

/** The data methods of `window.reluOrigami`. */
export interface DataApi {
  /**
   * Replace the data on the map: rows `x` with labels or targets `y` (kind: classification when every y is
   * an integer >= 0 unless given), a PointSet, CSV text (parsed as a CSV file is), or null to clear it.
   * Rejects with every problem found (bad rows by line, a wrong input dimension); the current data is kept.
   */
  setData(data: DataInput): Promise<void>;
  /** The data on the map, or null without data. */
  data(): DataOutput | null;
}

const isLabel = (v: number) => Number.isInteger(v) && v >= 0 && v <= 65_535;

/**
 * Put `points` on the map of `app` as data of task `kind` from `source`; returns the problems (empty
 * on success; the current data is kept otherwise).
 */
export function applyPoints(app: App, points: PointSet, kind: TaskKind, source: string): string[] {
  if (points.inputDim !== app.net.inputDim)
    return [`the data has ${points.inputDim} input columns, the network has ${app.net.inputDim} inputs`];
  if (kind === 'classification') {
    for (let p = 0; p < points.count; p++)
      if (!isLabel(points.y[p]!))
        return [`point ${p + 1} has label ${points.y[p]}, expected an integer class from 0 to 65535`];
  }
  app.data.set({ kind, points, source });
  return [];
}

/** Parse CSV `text` (engine/train/csv.ts) and put its points on the map; returns the problems, by line. */
export function applyCsv(app: App, text: string, source: string): string[] {
  const r = parsePointsCsv(text);
  if (!r.ok) return r.issues.map((i) => i.message);
  return applyPoints(app, r.points, r.kind, source);
}

/** Build the data methods of the API for `app`. */
export function createDataApi(app: App): DataApi {
  return {
    setData(input) {
      let errs: string[];
      if (input === null) {
        app.data.set(null);
        errs = [];
      } else if (typeof input === 'string') {
        errs = applyCsv(app, input, 'API');
      } else if (typeof input === 'object' && 'points' in input) {
        const pts = input.points;
        const kind = input.kind ?? (Array.from(pts.y).every(isLabel) ? 'classification' : 'regression');
        errs =
          pts.x instanceof Float64Array &&
          pts.y instanceof Float64Array &&
          pts.x.length === pts.count * pts.inputDim
            ? applyPoints(app, pts, kind, 'API')
            : ['points must be a PointSet: x of count * inputDim and y of count Float64Array numbers'];
      } else if (typeof input === 'object' && input !== null) {
        const pts = pointSetOf(input.x, input.y, app.net.inputDim);
        if (typeof pts === 'string') errs = [pts];
        else {
          const kind = input.kind ?? (Array.from(pts.y).every(isLabel) ? 'classification' : 'regression');
          errs = applyPoints(app, pts, kind, 'API');
        }
      } else {
        errs = ['expected {x, y}, {points}, CSV text or null'];
      }
      return errs.length ? Promise.reject(new Error(errs.join('\n'))) : Promise.resolve();
    },
    data() {
      const d = app.data.get();
      if (!d) return null;
      const { inputDim, count, x, y } = d.points;
      const rows: number[][] = [];
      for (let p = 0; p < count; p++) rows.push(Array.from(x.subarray(p * inputDim, (p + 1) * inputDim)));
      return { kind: d.kind, classes: classCount(d), inputDim, x: rows, y: Array.from(y) };
    },
  };
}
