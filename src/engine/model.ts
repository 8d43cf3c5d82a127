/**
 * The model format `relu-origami/1` and the engine's in-memory network.
 *
 * File shape (JSON):
 * ```
 * { "format": "relu-origami/1", "inputDim": 2, "name": "optional",
 *   "layers": [ { "weights": [[...], ...], "bias": [...], "activation": "relu", "alpha": 0.01 } ] }
 * ```
 * `weights` is out x in (PyTorch's nn.Linear.weight layout). Unknown extra fields are ignored, so the format
 * can grow without breaking files of this shape.
 */

import { type ActivationName, isActivationName, stateCount } from './activations.ts';
import { lineColumn, nestingBeyond } from './jsonText.ts';
import {
  MODEL_MAX_INPUT_DIM,
  MODEL_MAX_ISSUES,
  MODEL_MAX_LAYERS,
  MODEL_MAX_NESTING,
  MODEL_MAX_PARAMETERS,
  MODEL_MAX_TEXT_LENGTH,
  MODEL_MAX_WIDTH,
} from './limits.ts';

/** The format tag written on output and accepted (optionally) on input. */
export const MODEL_FORMAT = 'relu-origami/1';

/** Default negative slope of leaky_relu when a layer gives no alpha. */
export const DEFAULT_LEAKY_ALPHA = 0.01;
/** Default negative slope of prelu when a layer gives no alpha (PyTorch's nn.PReLU default). */
export const DEFAULT_PRELU_ALPHA = 0.25;

/** One layer of a network in engine form. */
export interface Layer {
  /** Number of inputs of this layer (the previous layer's width, or the network's input dimension). */
  readonly inDim: number;
  /** Number of neurons (outputs) of this layer. */
  readonly outDim: number;
  /** Row-major weights, outDim x inDim: weights[j * inDim + i] multiplies input i for neuron j. */
  readonly weights: Float64Array;
  /** Biases, one per neuron. */
  readonly bias: Float64Array;
  /** The activation applied to every neuron of this layer. */
  readonly activation: ActivationName;
  /** Negative-side slope per neuron (leaky_relu / prelu); zeros for other activations. */
  readonly alpha: Float64Array;
}

/** A validated network: a stack of affine layers, each followed by its activation. */
export interface Network {
  /** Dimension of the input space (>= 1). */
  readonly inputDim: number;
  /** Optional display name. */
  readonly name?: string;
  /** The layers, first to last; the last layer's outputs are the network's outputs. */
  readonly layers: readonly Layer[];
}

/** The JSON shape of a `relu-origami/1` layer. */
export interface LayerJson {
  weights: number[][];
  bias: number[];
  activation: ActivationName;
  alpha?: number | number[];
}

/** The JSON shape of a `relu-origami/1` model. */
export interface ModelJson {
  format?: string;
  inputDim: number;
  name?: string;
  layers: LayerJson[];
}

/** A problem found while validating a model: where (a JSON path) and what was wrong. */
export interface ModelIssue {
  /** JSON path of the offending value, e.g. `layers[2].weights[5]`. */
  readonly path: string;
  /** What was wrong and what was expected, as a full message including the path. */
  readonly message: string;
}

/** The result of {@link parseModel}: either a network or the list of every problem found. */
export type ParseResult = { ok: true; network: Network } | { ok: false; issues: ModelIssue[] };

/**
 * Upper limits that keep a malformed or hostile file from exhausting memory or the stack; each is checked
 * before anything of that size is allocated, and a model past one is refused with a message naming it.
 */
export const MODEL_LIMITS = {
  maxLayers: MODEL_MAX_LAYERS,
  maxWidth: MODEL_MAX_WIDTH,
  maxInputDim: MODEL_MAX_INPUT_DIM,
  maxParameters: MODEL_MAX_PARAMETERS,
  maxTextLength: MODEL_MAX_TEXT_LENGTH,
  maxNestingDepth: MODEL_MAX_NESTING,
  maxIssues: MODEL_MAX_ISSUES,
};

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

/**
 * Validate a parsed JSON value (or a JSON string) as a `relu-origami/1` model. Every problem is reported
 * with its path; nothing throws on bad input.
 */
export function parseModel(input: unknown): ParseResult {
  const issues: ModelIssue[] = [];
  let unlisted = 0;
  const add = (path: string, what: string) => {
    if (issues.length < MODEL_LIMITS.maxIssues) issues.push({ path, message: `${path} ${what}` });
    else unlisted++;
  };
  const done = (): ParseResult => {
    if (unlisted > 0) {
      const message = `(model) has ${unlisted} more problems than the ${MODEL_LIMITS.maxIssues} listed`;
      issues.push({ path: '(model)', message });
    }
    return { ok: false, issues };
  };
  let value = input;
  if (typeof input === 'string') {
    const fail = (message: string): ParseResult => ({
      ok: false,
      issues: [{ path: '(file)', message: `(file) ${message}` }],
    });
    if (input.length > MODEL_LIMITS.maxTextLength) {
      return fail(`has ${input.length} characters, at most ${MODEL_LIMITS.maxTextLength} are read`);
    }
    const deep = nestingBeyond(input, MODEL_LIMITS.maxNestingDepth);
    if (deep) {
      return fail(
        `nests arrays and objects more than ${MODEL_LIMITS.maxNestingDepth} deep (at ${lineColumn(input, deep.offset)}); a model needs 5`,
      );
    }
    try {
      // A byte-order mark (some Windows editors write one) is not part of the JSON.
      value = JSON.parse(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      return { ok: false, issues: [{ path: '(file)', message: `(file) is not valid JSON: ${msg}` }] };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      issues: [{ path: '(root)', message: `(root) is ${describe(value)}, expected an object` }],
    };
  }
  const obj = value as Record<string, unknown>;
  if (obj.format !== undefined && obj.format !== MODEL_FORMAT) {
    add('format', `is ${describe(obj.format)}, expected "${MODEL_FORMAT}"`);
  }
  if (obj.name !== undefined && typeof obj.name !== 'string')
    add('name', `is ${describe(obj.name)}, expected a string`);
  const inputDim = obj.inputDim;
  let inDim = 0;
  if (
    typeof inputDim !== 'number' ||
    !Number.isInteger(inputDim) ||
    inputDim < 1 ||
    inputDim > MODEL_LIMITS.maxInputDim
  ) {
    add('inputDim', `is ${describe(inputDim)}, expected an integer from 1 to ${MODEL_LIMITS.maxInputDim}`);
  } else {
    inDim = inputDim;
  }
  const layersIn = obj.layers;
  if (!Array.isArray(layersIn) || layersIn.length === 0) {
    add('layers', `is ${describe(layersIn)}, expected a non-empty array of layers`);
    return done();
  }
  if (layersIn.length > MODEL_LIMITS.maxLayers) {
    add('layers', `has ${layersIn.length} layers, at most ${MODEL_LIMITS.maxLayers} are supported`);
    return done();
  }
  const layers: Layer[] = [];
  let parameters = 0;
  for (let l = 0; l < layersIn.length; l++) {
    const p = `layers[${l}]`;
    const layer = parseLayer(layersIn[l], p, inDim, MODEL_LIMITS.maxParameters - parameters, add);
    if (layer === null) {
      // The width of this layer is unknown, so the next layer's input size cannot be checked.
      inDim = 0;
      continue;
    }
    if (layer === 'too large') return done();
    parameters += layer.weights.length + layer.bias.length;
    layers.push(layer);
    inDim = layer.outDim;
  }
  if (issues.length > 0) return done();
  const network: Network = {
    inputDim: inputDim as number,
    layers,
    ...(typeof obj.name === 'string' ? { name: obj.name } : {}),
  };
  return { ok: true, network };
}

/**
 * One layer, or null when it has problems (reported through `add`), or 'too large' when its declared size
 * (rows x the input size, plus the biases) exceeds `budget` parameters: reported before anything is allocated.
 */
function parseLayer(
  raw: unknown,
  p: string,
  expectedIn: number,
  budget: number,
  add: (path: string, what: string) => void,
): Layer | null | 'too large' {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add(p, `is ${describe(raw)}, expected an object with weights, bias and activation`);
    return null;
  }
  const o = raw as Record<string, unknown>;
  const w = o.weights;
  if (!Array.isArray(w) || w.length === 0) {
    add(`${p}.weights`, `is ${describe(w)}, expected a non-empty array of rows (out x in)`);
    return null;
  }
  if (w.length > MODEL_LIMITS.maxWidth) {
    add(`${p}.weights`, `has ${w.length} rows, at most ${MODEL_LIMITS.maxWidth} are supported`);
    return null;
  }
  const outDim = w.length;
  const firstRow = w[0];
  const inDim = expectedIn > 0 ? expectedIn : Array.isArray(firstRow) ? firstRow.length : 0;
  if (outDim * inDim + outDim > budget) {
    add(
      `${p}.weights`,
      `is ${outDim} x ${inDim}, which brings the parameter count past ${MODEL_LIMITS.maxParameters}`,
    );
    return 'too large';
  }
  let ok = true;
  const weights = new Float64Array(outDim * inDim);
  for (let j = 0; j < outDim; j++) {
    const row = w[j];
    const rp = `${p}.weights[${j}]`;
    if (!Array.isArray(row)) {
      add(rp, `is ${describe(row)}, expected an array of ${inDim} numbers`);
      ok = false;
      continue;
    }
    if (row.length !== inDim) {
      add(rp, `has ${row.length} entries, expected ${inDim}`);
      ok = false;
      continue;
    }
    for (let i = 0; i < inDim; i++) {
      const v = row[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        add(`${rp}[${i}]`, `is ${describe(v)}, expected a finite number`);
        ok = false;
      } else {
        weights[j * inDim + i] = v;
      }
    }
  }
  const b = o.bias;
  const bias = new Float64Array(outDim);
  if (!Array.isArray(b)) {
    add(`${p}.bias`, `is ${describe(b)}, expected an array of ${outDim} numbers`);
    ok = false;
  } else if (b.length !== outDim) {
    add(`${p}.bias`, `has ${b.length} entries, expected ${outDim} (one per row of weights)`);
    ok = false;
  } else {
    for (let j = 0; j < outDim; j++) {
      const v = b[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        add(`${p}.bias[${j}]`, `is ${describe(v)}, expected a finite number`);
        ok = false;
      } else bias[j] = v;
    }
  }
  const act = o.activation;
  let activation: ActivationName = 'linear';
  if (!isActivationName(act)) {
    add(
      `${p}.activation`,
      `is ${describe(act)}, expected one of relu, leaky_relu, prelu, abs, hardtanh, linear`,
    );
    ok = false;
  } else activation = act;
  const alpha = new Float64Array(outDim);
  const a = o.alpha;
  if (activation === 'leaky_relu' || activation === 'prelu') {
    const def = activation === 'leaky_relu' ? DEFAULT_LEAKY_ALPHA : DEFAULT_PRELU_ALPHA;
    if (a === undefined) alpha.fill(def);
    else if (typeof a === 'number') {
      if (!Number.isFinite(a)) {
        add(`${p}.alpha`, `is ${describe(a)}, expected a finite number`);
        ok = false;
      } else alpha.fill(a);
    } else if (Array.isArray(a) && activation === 'prelu') {
      if (a.length !== outDim && a.length !== 1) {
        add(`${p}.alpha`, `has ${a.length} entries, expected 1 or ${outDim} (one per neuron)`);
        ok = false;
      } else {
        for (let j = 0; j < outDim; j++) {
          const v = a.length === 1 ? a[0] : a[j];
          if (typeof v !== 'number' || !Number.isFinite(v)) {
            add(`${p}.alpha[${a.length === 1 ? 0 : j}]`, `is ${describe(v)}, expected a finite number`);
            ok = false;
            break;
          }
          alpha[j] = v;
        }
      }
    } else {
      const expected =
        activation === 'prelu' ? 'a number or an array with one number per neuron' : 'a number';
      add(`${p}.alpha`, `is ${describe(a)}, expected ${expected}`);
      ok = false;
    }
  }
  if (!ok || expectedIn === 0) return null;
  return { inDim, outDim, weights, bias, activation, alpha };
}

/** Parse or throw an Error whose message lists every problem (one per line). For trusted call sites. */
export function parseModelOrThrow(input: unknown): Network {
  const r = parseModel(input);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.network;
}

/** Convert a network to its `relu-origami/1` JSON shape (the format tag included). */
export function toModelJson(net: Network): ModelJson {
  const layers: LayerJson[] = net.layers.map((L) => {
    const weights: number[][] = [];
    for (let j = 0; j < L.outDim; j++)
      weights.push(Array.from(L.weights.subarray(j * L.inDim, (j + 1) * L.inDim)));
    const layer: LayerJson = { weights, bias: Array.from(L.bias), activation: L.activation };
    if (L.activation === 'leaky_relu') layer.alpha = L.alpha[0] ?? DEFAULT_LEAKY_ALPHA;
    if (L.activation === 'prelu') {
      const first = L.alpha[0] ?? DEFAULT_PRELU_ALPHA;
      layer.alpha = L.alpha.every((v) => v === first) ? first : Array.from(L.alpha);
    }
    return layer;
  });
  return { format: MODEL_FORMAT, inputDim: net.inputDim, ...(net.name ? { name: net.name } : {}), layers };
}

/** Number of outputs of the network (the last layer's width). */
export function outputDim(net: Network): number {
  return net.layers[net.layers.length - 1]!.outDim;
}

/** Total number of neurons in layers with a non-linear activation (those that define regions). */
export function nonlinearNeuronCount(net: Network): number {
  let n = 0;
  for (const L of net.layers) if (stateCount(L.activation) > 1) n += L.outDim;
  return n;
}

/** Total number of neurons of all layers (the length of a full activation pattern). */
export function neuronCount(net: Network): number {
  let n = 0;
  for (const L of net.layers) n += L.outDim;
  return n;
}

/** Multiply-adds of one forward evaluation: the sum over layers of inDim x outDim. */
export function macsPerPoint(net: Network): number {
  let m = 0;
  for (const L of net.layers) m += L.inDim * L.outDim;
  return m;
}

/** Weights and biases of `net`. */
export function parameterCount(net: Network): number {
  let n = 0;
  for (const L of net.layers) n += L.inDim * L.outDim + L.outDim;
  return n;
}

/** Offsets of each layer's first neuron in a full activation pattern (length layers + 1, last = total). */
export function layerOffsets(net: Network): number[] {
  const offs = [0];
  for (const L of net.layers) offs.push(offs[offs.length - 1]! + L.outDim);
  return offs;
}
