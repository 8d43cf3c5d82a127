/**
 * Exact sign decisions for the region enumeration, used where the float64 filter cannot certify a sign.
 *
 * Every float64 is a dyadic rational m 2^e, so the network's weights, the plane map and the window are exact
 * rationals, and so is every neuron's pre-activation composed through a face's activation pattern: an affine
 * form A s + B t + C of the plane coordinates with dyadic coefficients. Scaled by a power of two (which keeps
 * every sign), such a form is three integers (BigInt). Every vertex of the subdivision is the crossing of two
 * lines, a window side or a neuron's zero set on some face, so the sign of a line L at a vertex P = A ∩ B is
 * sign(det [A; B; L]) sign(det [A; B]), an integer determinant: exact, whatever the magnitudes (no overflow
 * or underflow). Lines whose coefficients are float64 themselves (the window sides, first-layer lines on a
 * 2-D input) take robust-predicates' adaptive orient3d instead of BigInt.
 *
 * A line is recorded by (layer, neuron, threshold, pattern offset): its exact form is computed only when
 * a decision needs it, by composing the exact layers through the pattern prefix, and cached.
 */
import { orient2d, orient3d } from 'robust-predicates';
import {
  activate,
  affine,
  affineRow,
  commonScale,
  dyadic,
  type ExactLayer,
  exactLayers,
  type FormVector,
  shift,
} from './exact-forms.ts';
import type { Network } from './model.ts';
import { unpackStates } from './packed-states.ts';
import type { PlaneMap, Window } from './plane.ts';

/** An exact affine form a s + b t + c, scaled by an unknown positive power of two. */
export interface ExactForm {
  /** Integer coefficients. */
  a: bigint;
  b: bigint;
  c: bigint;
  /** The same coefficients as float64 when they are exactly the form's (up to one common scale), else null. */
  f: readonly [number, number, number] | null;
}

/** Exact state-dependent pieces and the line table of one enumeration. */
export class ExactLines {
  private readonly net: Network;
  private readonly map: PlaneMap;
  private exactNet: { layers: ExactLayer[]; input: FormVector } | null = null;
  /** Offsets of each layer's first neuron in a pattern. */
  private readonly offsets: number[];
  /** Line records: layer, neuron, threshold, pattern offset (4 numbers per line); sides are lines 0..3. */
  private rec = new Float64Array(4 * 1024);
  private nLines = 0;
  private readonly forms = new Map<number, ExactForm>();
  /**
   * The exact inputs h_k of layer k keyed by k and the pattern bytes of layers 0..k-1: faces that share a
   * prefix (siblings, neighbours across a later layer's cut) share its composition.
   */
  private readonly layerCache = new Map<string, FormVector>();
  private readonly floatExactFirst: boolean;
  /** The pattern arena's bytes (re-read through the getter: the arena may be reallocated). */
  private readonly patterns: () => Uint8Array;
  /** A face's states, unpacked. */
  private states = new Uint8Array(0);
  /** Number of exact decisions taken (a diagnostic for benchmarks). */
  decisions = 0;

  /**
   * Prepare exact decisions for `net` on `window` through `map`; `patterns` returns the pattern arena's
   * current bytes (two bits per neuron, faces named by slot: packed-states.ts). Lines 0..3 are the window
   * sides s = x0, s = x1, t = y0, t = y1.
   */
  constructor(net: Network, map: PlaneMap, window: Window, patterns: () => Uint8Array) {
    this.patterns = patterns;
    this.net = net;
    this.map = map;
    this.offsets = [];
    let off = 0;
    for (const L of net.layers) {
      this.offsets.push(off);
      off += L.outDim;
    }
    const n0 = net.inputDim;
    // First-layer lines are the weights themselves on a 2-D input without a plane.
    this.floatExactFirst =
      n0 === 2 &&
      map.ds[0] === 1 &&
      map.ds[1] === 0 &&
      map.dt[0] === 0 &&
      map.dt[1] === 1 &&
      map.origin[0] === 0 &&
      map.origin[1] === 0;
    const sides: [number, number, number][] = [
      [1, 0, -window.x0],
      [1, 0, -window.x1],
      [0, 1, -window.y0],
      [0, 1, -window.y1],
    ];
    for (const s of sides) {
      const id = this.addLine(-1, 0, 0, 0);
      this.forms.set(id, formOf(s));
    }
  }

  /** Give back the memory of the lines and forms (the object is not used again; see FaceStore.trim). */
  trim(): void {
    this.rec = new Float64Array(4);
    this.nLines = 0;
    this.forms.clear();
    this.layerCache.clear();
    this.exactNet = null;
  }

  /** The exact layers and input forms, made on the first exact decision (most enumerations need none). */
  private prepare(): { layers: ExactLayer[]; input: FormVector } {
    if (this.exactNet) return this.exactNet;
    const { net, map } = this;
    const layers = exactLayers(net);
    const n0 = net.inputDim;
    const all = commonScale([...map.ds, ...map.dt, ...map.origin]);
    const input = {
      a: all.ints.slice(0, n0),
      b: all.ints.slice(n0, 2 * n0),
      c: all.ints.slice(2 * n0, 3 * n0),
      e: all.e,
    };
    this.exactNet = { layers, input };
    return this.exactNet;
  }

  /** Record the line z_j = threshold of layer `layer` on faces whose pattern starts at `pOff`; returns its id. */
  addLine(layer: number, j: number, threshold: number, pOff: number): number {
    if (4 * this.nLines + 4 > this.rec.length) {
      const r = new Float64Array(2 * this.rec.length);
      r.set(this.rec);
      this.rec = r;
    }
    const k = 4 * this.nLines;
    this.rec[k] = layer;
    this.rec[k + 1] = j;
    this.rec[k + 2] = threshold;
    this.rec[k + 3] = pOff;
    return this.nLines++;
  }

  /**
   * True when line `id` is the zero set of the same neuron and threshold as (layer, j, threshold). A neuron's
   * pre-activation is one continuous function of the plane, equal on the closure of every face to the
   * face's affine form, so a vertex made by one neuron's line lies on that neuron's line in every face that
   * holds it: its sign there is exactly zero, without arithmetic.
   */
  sameNeuron(id: number, layer: number, j: number, threshold: number): boolean {
    const k = 4 * id;
    return this.rec[k] === layer && this.rec[k + 1] === j && this.rec[k + 2] === threshold;
  }

  /** Give line `id` its exact form when the caller already computed it. */
  setForm(id: number, f: ExactForm): void {
    this.forms.set(id, f);
  }

  /** The exact form of line `id`. */
  form(id: number): ExactForm {
    const got = this.forms.get(id);
    if (got) return got;
    const k = 4 * id;
    const f = this.neuronForm(this.rec[k]!, this.rec[k + 1]!, this.rec[k + 2]!, this.rec[k + 3]!);
    this.forms.set(id, f);
    return f;
  }

  /** The exact form of z_j - threshold of layer `layer` through the pattern prefix at `pOff`. */
  neuronForm(layer: number, j: number, threshold: number, pOff: number): ExactForm {
    const L = this.prepare().layers[layer]!;
    if (layer === 0 && this.floatExactFirst && threshold === 0) {
      const F = this.net.layers[0]!;
      return intForm(L.w[2 * j]!, L.w[2 * j + 1]!, L.bias[j]!, L.ew, L.eb, [
        F.weights[2 * j]!,
        F.weights[2 * j + 1]!,
        F.bias[j]!,
      ]);
    }
    const z = affineRow(L, this.inputs(layer, pOff), j);
    let e = z.e;
    let c = z.c;
    let a = z.a;
    let b = z.b;
    if (threshold !== 0) {
      const [tm, te] = dyadic(threshold);
      const E = Math.min(e, te);
      a = shift(a, e - E);
      b = shift(b, e - E);
      c = shift(c, e - E) - shift(tm, te - E);
      e = E;
    }
    return { a, b, c, f: null };
  }

  /**
   * The exact inputs of layer `layer` on faces with the pattern prefix at pOff: the composition resumes from
   * the longest prefix already composed, and each layer's result is kept for the next decision.
   */
  private inputs(layer: number, pOff: number): FormVector {
    const { layers, input } = this.prepare();
    if (layer === 0) return input;
    // The face's states of the layers before this one, unpacked (packed-states.ts): pat[0 ..).
    const n = this.offsets[layer]!;
    if (this.states.length < n) this.states = new Uint8Array(n);
    const pat = this.states;
    unpackStates(this.patterns(), pOff, n, pat, 0);
    const keys: string[] = [];
    let k = layer;
    let h: FormVector | undefined;
    for (; k > 0; k--) {
      const key = prefixKey(k, pat, 0, this.offsets[k]!);
      h = this.layerCache.get(key);
      if (h) break;
      keys[k] = key;
    }
    if (!h) h = input;
    if (this.layerCache.size + layer - k > 256) this.layerCache.clear();
    for (k++; k <= layer; k++) {
      h = activate(layers[k - 1]!, affine(layers[k - 1]!, h), pat, this.offsets[k - 1]!);
      this.layerCache.set(keys[k]!, h);
    }
    return h;
  }

  /** The exact sign of line `line` at the crossing of lines `la` and `lb` (which must not be parallel). */
  signAt(line: number, la: number, lb: number): number {
    this.decisions++;
    return signAtCrossing(this.form(la), this.form(lb), this.form(line));
  }

  /** The exact sign of the form `g` at the crossing of lines `la` and `lb`. */
  signOfFormAt(g: ExactForm, la: number, lb: number): number {
    this.decisions++;
    return signAtCrossing(this.form(la), this.form(lb), g);
  }
}

/** A cache key for layer k's inputs: k and the n pattern bytes at `off`, one character each. */
function prefixKey(k: number, pat: Uint8Array, off: number, n: number): string {
  let key = String.fromCharCode(k);
  for (let i = 0; i < n; i += 4096) {
    key += String.fromCharCode.apply(
      null,
      pat.subarray(off + i, off + Math.min(n, i + 4096)) as unknown as number[],
    );
  }
  return key;
}

/** The form of three float64 coefficients, exactly. */
function formOf(x: readonly [number, number, number]): ExactForm {
  const s = commonScale(x);
  return { a: s.ints[0]!, b: s.ints[1]!, c: s.ints[2]!, f: safeForOrient(x) ? x : null };
}

/** The form w0 s + w1 t + b with w = int 2^ew and b = int 2^eb, whose float64 values are `f`. */
function intForm(
  w0: bigint,
  w1: bigint,
  b: bigint,
  ew: number,
  eb: number,
  f: [number, number, number],
): ExactForm {
  const E = Math.min(ew, eb);
  return { a: shift(w0, ew - E), b: shift(w1, ew - E), c: shift(b, eb - E), f: safeForOrient(f) ? f : null };
}

/** True when orient3d on these numbers neither overflows nor underflows (products of three stay normal). */
function safeForOrient(x: readonly number[]): boolean {
  for (const v of x) {
    const m = Math.abs(v);
    if (m !== 0 && (m > 1e90 || m < 1e-90)) return false;
  }
  return true;
}

function det2(a1: bigint, b1: bigint, a2: bigint, b2: bigint): bigint {
  return a1 * b2 - a2 * b1;
}

/** sign(L(P)) for P the crossing of the lines A and B. */
export function signAtCrossing(A: ExactForm, B: ExactForm, L: ExactForm): number {
  if (A.f && B.f && L.f) {
    const [a1, b1, c1] = A.f;
    const [a2, b2, c2] = B.f;
    const [a3, b3, c3] = L.f;
    const n = orient3d(a1, b1, c1, a2, b2, c2, a3, b3, c3, 0, 0, 0);
    const d = -orient2d(a1, b1, a2, b2, 0, 0);
    return Math.sign(n) * Math.sign(d);
  }
  const d = det2(A.a, A.b, B.a, B.b);
  const n = L.a * det2(A.b, A.c, B.b, B.c) - L.b * det2(A.a, A.c, B.a, B.c) + L.c * det2(A.a, A.b, B.a, B.b);
  const sn = n > 0n ? 1 : n < 0n ? -1 : 0;
  const sd = d > 0n ? 1 : d < 0n ? -1 : 0;
  return sn * sd;
}
