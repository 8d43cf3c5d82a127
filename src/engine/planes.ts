/**
 * Ways to choose a plane slice through a high-dimensional input space (see plane.ts for what a plane is):
 * two coordinate axes, a seeded random orthonormal pair, a point and two given directions, three given
 * points, or three rows of a CSV of inputs. Every constructor returns the three points p0, p1, p2 of a
 * {@link Plane} in float64, or an error message (a string) that says what was wrong and where; nothing throws.
 *
 * Exactness: for the axes and the random planes p0 = 0, so the directions p1 - p0 and p2 - p0 the engine
 * folds into the first layer are p1 and p2 exactly. For a point and two directions, p1 = p0 + d1 is rounded
 * once per coordinate (a relative error of about 1e-16 in the direction).
 */
import { type Plane, planeMap } from './plane.ts';
import { Rng } from './rng.ts';
import { parsePointsCsv } from './train/csv.ts';

/** Longest vector text parsed (characters): a 1000 x 1000 image's pixels at about 20 characters each. */
export const MAX_VECTOR_TEXT = 25_000_000;

/** The plane through 0 along the coordinate axes e_i and e_j (0-based) of an n-dimensional input. */
export function axesPlane(n: number, i: number, j: number): Plane | string {
  for (const [name, k] of [
    ['i', i],
    ['j', j],
  ] as const) {
    if (!Number.isInteger(k) || k < 0 || k >= n)
      return `axis ${name} is ${k}, expected an integer from 0 to ${n - 1}`;
  }
  if (i === j) return `the two axes must differ (both are ${i})`;
  const p0 = new Array<number>(n).fill(0);
  const p1 = [...p0];
  const p2 = [...p0];
  p1[i] = 1;
  p2[j] = 1;
  return [p0, p1, p2];
}

/**
 * The plane through 0 spanned by two orthonormal directions drawn from `seed`: two standard normal vectors
 * (rng.ts, the same on every engine), orthonormalised by Gram-Schmidt (the second one twice, for accuracy).
 * Needs n >= 2; the seed is an integer from 0 to 2^32 - 1.
 */
export function randomPlane(n: number, seed: number): Plane | string {
  if (!Number.isInteger(n) || n < 2) return `a random plane needs at least 2 inputs, not ${n}`;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    return `seed is ${seed}, expected an integer from 0 to 4294967295`;
  const rng = new Rng(seed);
  for (let attempt = 0; attempt < 8; attempt++) {
    const a = Array.from({ length: n }, () => rng.normal());
    const b = Array.from({ length: n }, () => rng.normal());
    const na = Math.hypot(...a);
    if (!(na > 0)) continue;
    for (let k = 0; k < n; k++) a[k]! /= na;
    for (let pass = 0; pass < 2; pass++) {
      let d = 0;
      for (let k = 0; k < n; k++) d += a[k]! * b[k]!;
      for (let k = 0; k < n; k++) b[k]! -= d * a[k]!;
    }
    const nb = Math.hypot(...b);
    if (!(nb > 1e-8)) continue;
    for (let k = 0; k < n; k++) b[k]! /= nb;
    return [new Array<number>(n).fill(0), a, b];
  }
  return `seed ${seed} gave no independent directions`;
}

/** The plane through `origin` along `d1` and `d2`: the points origin, origin + d1, origin + d2. */
export function directionsPlane(
  origin: readonly number[],
  d1: readonly number[],
  d2: readonly number[],
): Plane {
  return [[...origin], origin.map((x, k) => x + d1[k]!), origin.map((x, k) => x + d2[k]!)];
}

/**
 * Parse a pasted vector of `n` numbers (separated by commas, semicolons, blanks or new lines; surrounding
 * brackets allowed). `field` names the field in the message, e.g. `p1: entry 3 is "abc", not a number`.
 */
export function parseVector(text: string, n: number, field: string): number[] | string {
  if (text.length > MAX_VECTOR_TEXT)
    return `${field}: ${text.length} characters, at most ${MAX_VECTOR_TEXT} are read`;
  const body = text.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  if (body === '') return `${field}: empty, expected ${n} numbers`;
  const parts = body.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length !== n) return `${field}: ${parts.length} numbers, expected ${n} (one per input)`;
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const p = parts[k]!;
    const x = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(p) ? Number(p) : Number.NaN;
    if (!Number.isFinite(x)) return `${field}: entry ${k} is "${p.slice(0, 30)}", not a finite number`;
    out[k] = x;
  }
  return out;
}

/** Check that `plane` is a usable plane of an n-input network; returns the problem or null. */
export function planeError(n: number, plane: Plane): string | null {
  const m = planeMap(n, plane);
  return typeof m === 'string' ? m : null;
}

/** Inputs read from a CSV, for choosing plane points by row. */
export interface InputRows {
  /** Coordinates per row. */
  readonly inputDim: number;
  /** Rows, each of inputDim numbers. */
  readonly rows: readonly Float64Array[];
  /** The label of each row, or null when the file has no label column. */
  readonly labels: readonly number[] | null;
}

/**
 * Read the rows of a CSV of inputs for an n-input network (train/csv.ts's format: a header is optional):
 * either n columns (inputs only) or n + 1 (inputs, then an integer label). Returns the problems as
 * messages with their line numbers.
 */
export function parseInputRows(text: string, n: number): InputRows | string[] {
  const r = parsePointsCsv(text, { kind: 'regression' });
  if (!r.ok) return r.issues.map((i) => i.message);
  const cols = r.points.inputDim + 1;
  if (cols !== n && cols !== n + 1)
    return [`the file has ${cols} columns, expected ${n} (the inputs) or ${n + 1} (the inputs and a label)`];
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  const { x, y, count, inputDim } = r.points;
  for (let p = 0; p < count; p++) {
    const row = new Float64Array(n);
    for (let k = 0; k < Math.min(n, inputDim); k++) row[k] = x[p * inputDim + k]!;
    if (cols === n) row[n - 1] = y[p]!;
    else labels.push(y[p]!);
    rows.push(row);
  }
  return { inputDim: n, rows, labels: cols === n ? null : labels };
}

/** Three rows chosen from an {@link InputRows}: their indices (0-based data rows) and the plane through them. */
export interface ChosenRows {
  /** The data-row index of p0, p1, p2. */
  readonly indices: readonly [number, number, number];
  /** The plane through the three rows. */
  readonly plane: Plane;
}

/**
 * Choose three rows by `spec`: three tokens separated by commas or blanks, each a data-row index (0-based,
 * `17`) or a label (`label=3`: the first row with label 3 not already chosen). Returns the rows and their
 * plane, or every problem found (bad tokens, missing labels, a degenerate plane).
 */
export function chooseRows(data: InputRows, spec: string): ChosenRows | string[] {
  const tokens = spec.split(/[\s,;]+/).filter((t) => t !== '');
  if (tokens.length !== 3)
    return [`rows: ${tokens.length} given, expected 3 (e.g. "4, 17, 20" or "label=3, label=5, 8")`];
  const errors: string[] = [];
  const chosen: number[] = [];
  for (const [k, tok] of tokens.entries()) {
    const lab = /^label=([+-]?\d+(\.\d+)?)$/i.exec(tok);
    if (lab) {
      if (!data.labels) {
        errors.push(`row ${k + 1} ("${tok}"): the file has no label column`);
        continue;
      }
      const want = Number(lab[1]);
      const idx = data.labels.findIndex((v, p) => v === want && !chosen.includes(p));
      if (idx < 0) errors.push(`row ${k + 1} ("${tok}"): no further row has label ${want}`);
      else chosen.push(idx);
      continue;
    }
    const idx = /^\d+$/.test(tok) ? Number(tok) : Number.NaN;
    if (!Number.isInteger(idx) || idx >= data.rows.length)
      errors.push(
        `row ${k + 1} ("${tok.slice(0, 30)}"): expected a row index from 0 to ${data.rows.length - 1} or label=N`,
      );
    else chosen.push(idx);
  }
  if (errors.length) return errors;
  const [a, b, c] = chosen as [number, number, number];
  const plane: Plane = [[...data.rows[a]!], [...data.rows[b]!], [...data.rows[c]!]];
  const err = planeError(data.inputDim, plane);
  if (err) return [`rows ${a}, ${b}, ${c}: ${err}`];
  return { indices: [a, b, c], plane };
}
