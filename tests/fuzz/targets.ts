/**
 * The table of parsers the fuzzer runs (tests/fuzz/parsers.test.ts and `npm run fuzz`): the JSON model
 * (text, and parsed values carrying NaN, infinities and hundred-thousand-deep arrays that JSON text cannot
 * hold), the URL hash through the state codec, and the command line with its window, plane and point
 * values. A new parser is one more entry of {@link FUZZ_TARGETS}.
 */
import { parseArgs, parseInteger, UsageError } from '../../src/cli/args.ts';
import { loadInputPoint, loadPlane, loadPoint, loadWindow } from '../../src/cli/load.ts';
import { initNetwork } from '../../src/engine/init.ts';
import { parseModel, toModelJson } from '../../src/engine/model.ts';
import { windowError } from '../../src/engine/plane.ts';
import { type AppState, defaultState } from '../../src/state/appState.ts';
import { decodeHash, encodeHash, LIMITS } from '../../src/state/hash.ts';
import { deckTarget } from './deckTarget.ts';
import { csvTarget, onnxTarget } from './fileTargets.ts';
import { type FuzzOutcome, type FuzzTarget, nested, plainMessage } from './lib.ts';

const net = (widths: number[], activation: 'relu' | 'leaky_relu' | 'prelu' | 'hardtanh', seed: number) =>
  JSON.stringify(toModelJson(initNetwork({ widths, activation, seed })));

const MODEL_SEEDS = [
  net([2, 8, 8, 1], 'relu', 1),
  net([2, 4, 3], 'leaky_relu', 2),
  net([3, 5, 1], 'prelu', 3),
  net([1, 6, 1], 'hardtanh', 4),
  '{"inputDim":2,"layers":[{"weights":[[1,2],[3,4]],"bias":[0,1],"activation":"prelu","alpha":[0.1,0.2]}]}',
];

const MODEL_TOKENS = [
  '"inputDim"',
  '"layers"',
  '"weights"',
  '"bias"',
  '"activation"',
  '"alpha"',
  '"format"',
  '"name"',
  '"relu-origami/1"',
  '"relu"',
  '"leaky_relu"',
  '"prelu"',
  '"abs"',
  '"hardtanh"',
  '"linear"',
  '"softmax"',
];

/** Declared sizes far past the limits, written compactly: the parser must refuse them before allocating. */
const MODEL_HOSTILE = [
  nested(100_000),
  nested(100_000, '', true),
  `{"inputDim":2,"layers":${nested(100_000)}}`,
  `{"inputDim":1000000,"layers":[{"weights":[${'[],'.repeat(65_535)}[]],"bias":[],"activation":"relu"}]}`,
  `{"inputDim":2,"layers":[{"weights":[[${'1,'.repeat(200_000)}1]],"bias":[0],"activation":"relu"}]}`,
  `{"inputDim":2,"layers":[${'{},'.repeat(100_000)}{}]}`,
  `{"inputDim":2,"layers":[{"weights":[${'["x","y"],'.repeat(50_000)}[1,2]],"bias":[],"activation":"relu"}]}`,
  '{"inputDim":2,"layers":[{"weights":[[1e400,-1e400]],"bias":[1e999],"activation":"relu"}]}',
  '{"inputDim":1e400,"layers":[]}',
  '\ufeff{"inputDim":2,"layers":[{"weights":[[1,2]],"bias":[0],"activation":"relu"}]}',
];

/** Model issues name their path first: `layers[0].weights[1][0] is ...`. */
function modelMessage(m: string): string | null {
  const plain = plainMessage(m);
  if (plain) return plain;
  return /^(\(file\)|\(root\)|\(model\)|format|name|inputDim|layers(\[\d+\](\.[a-z]+(\[\d+\])*)?)?) /.test(m)
    ? null
    : 'does not start with the path of the offending value';
}

const modelOutcome = (r: ReturnType<typeof parseModel>): FuzzOutcome =>
  r.ok ? { ok: true } : { ok: false, messages: r.issues.map((i) => i.message) };

/** A parsed value's JSON text, or null for a value JSON.stringify cannot write (too deep, cyclic). */
function snapshot(v: unknown): string | null {
  try {
    return JSON.stringify(v);
  } catch {
    return null;
  }
}

/** An array nested `depth` deep, built without recursion. */
function deepArray(depth: number): unknown[] {
  let v: unknown[] = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** JSON values JSON text cannot carry, swapped in by the reviver of the model-value target. */
const SPECIAL: Record<string, () => unknown> = {
  NaN: () => Number.NaN,
  Infinity: () => Number.POSITIVE_INFINITY,
  '-Infinity': () => Number.NEGATIVE_INFINITY,
  DEEP: () => deepArray(100_000),
  SPARSE: () => new Array(1000),
  HUGE: () => ({ length: 1e12 }),
  BIG: () => 10n,
  FN: () => () => 0,
  SYM: () => Symbol('x'),
};

let lastValue: { value: unknown; before: string | null } | null = null;

const modelValue: FuzzTarget = {
  name: 'model-value',
  seeds: MODEL_SEEDS.map((s) => s.replace(/0\.\d+/, '"NaN"')),
  tokens: [...MODEL_TOKENS, ...Object.keys(SPECIAL).map((k) => `"${k}"`)],
  run(input) {
    let value: unknown;
    try {
      value = JSON.parse(input, (_k, v) => (typeof v === 'string' && v in SPECIAL ? SPECIAL[v]!() : v));
    } catch {
      lastValue = null;
      return modelOutcome(parseModel(input));
    }
    lastValue = { value, before: snapshot(value) };
    return modelOutcome(parseModel(value));
  },
  checkMessage: modelMessage,
  checkState() {
    // parseModel must not change the value it is given.
    if (!lastValue || lastValue.before === null) return null;
    return snapshot(lastValue.value) === lastValue.before ? null : 'parseModel changed its input';
  },
};

const modelText: FuzzTarget = {
  name: 'model-json',
  seeds: MODEL_SEEDS,
  tokens: MODEL_TOKENS,
  hostile: MODEL_HOSTILE,
  run: (input) => modelOutcome(parseModel(input)),
  checkMessage: modelMessage,
};

/** Structural validity of a decoded state: what the app's applyState may receive. */
function stateProblem(s: AppState): string | null {
  const w = s.architecture.widths;
  if (!(w.length >= 2 && w.length <= LIMITS.maxHiddenLayers + 2)) return `widths ${w.join('-')}`;
  if (!w.every((x) => Number.isInteger(x) && x >= 1 && x <= LIMITS.maxWidth)) return `widths ${w.join('-')}`;
  const err = windowError({ x0: s.view.x0, x1: s.view.x1, y0: s.view.y0, y1: s.view.y1 });
  if (err) return err;
  if (!Number.isFinite(s.view.x1 - s.view.x0) || !Number.isFinite(s.view.y1 - s.view.y0))
    return 'view of infinite size';
  const p = s.view.plane;
  if (p && !(p.length === 3 && p.every((q) => q.length === p[0].length && q.every(Number.isFinite))))
    return 'plane';
  if (!Number.isFinite(s.views.contours)) return 'contours';
  if (s.views.section && !s.views.section.every(Number.isFinite)) return 'section';
  for (const [k, v] of Object.entries({ seed: s.architecture.seed, layer: s.layer, output: s.output }))
    if (!Number.isSafeInteger(v)) return k;
  if (!Number.isFinite(s.architecture.alpha) || !(s.architecture.weightScale > 0)) return 'alpha or scale';
  return null;
}

const DEFAULTS = JSON.stringify(defaultState());
let decoded: AppState | null = null;

const hash: FuzzTarget = {
  name: 'url-hash',
  seeds: [
    encodeHash(defaultState()),
    '#arch=3-64-8-4&act=hardtanh&alpha=0.30000000000000004&init=glorot&seed=4294967295&scale=0.3333333333333333&view=0.1234567890123456,0.12345678901235,-1e-300,5e-324&mode=layer&k=2&out=3&b=0&poly=1&probe=1.7&plane=0,0,1;1,0,0;0,1,0.5&show=surface&iso=0.25&sec=-2.5,-1.5,2.5,1.8',
    '#model=my%20net%20%26%20co%3D1%232.json&act=leaky_relu&view=-1,1,-1,1&iso=-1&show=line',
  ],
  tokens: [
    'arch=',
    'model=',
    'act=',
    'alpha=',
    'init=',
    'seed=',
    'scale=',
    'view=',
    'plane=',
    'mode=',
    'k=',
    'out=',
    'b=',
    'poly=',
    'probe=',
    'show=',
    'iso=',
    'sec=',
    'iso=1e-300',
    'view=-1e308,1e308,-1e308,1e308',
    'arch=2-512-512-512-512-512-512-512-512-512-512-512-512-512-512-512-512-16',
    'probe=99999999999999999999.1',
    '%F0%9F%98%80',
  ],
  hostile: [
    `#${'a'.repeat(3_000_000)}`,
    `#${'&'.repeat(100_000)}`,
    `#plane=${'1,'.repeat(100_000)}1;1;1`,
    '#view=-1e308,1e308,0,1',
    '#probe=123456789012345678901234567890.1',
  ],
  run(input) {
    const d = decodeHash(input);
    decoded = d.state;
    return d.errors.length ? { ok: false, messages: d.errors } : { ok: true };
  },
  checkMessage(m) {
    const plain = plainMessage(m);
    if (plain) return plain;
    return /^(.{1,41}=.* is invalid: expected |unknown field ".{1,41}" in the URL hash$|a field without a name \("=.{0,41}"\) in the URL hash$|the URL hash has \d+ characters)/su.test(
      m,
    )
      ? null
      : 'does not name the field';
  },
  checkState() {
    if (JSON.stringify(defaultState()) !== DEFAULTS) return 'the defaults changed';
    if (!decoded) return null;
    const bad = stateProblem(decoded);
    if (bad) return `decoded an invalid state (${bad})`;
    // The decoded state is a fixed point of the codec: what the app writes back to the address bar.
    const again = decodeHash(encodeHash(decoded));
    if (again.errors.length) return `its own hash is rejected: ${again.errors[0]}`;
    // With a model named, the hash does not carry the generated architecture (the model replaces it).
    const comparable = (x: AppState) => JSON.stringify(x.model === null ? x : { ...x, architecture: null });
    return comparable(again.state) === comparable(decoded) ? null : 'its hash decodes differently';
  },
};

const SPEC = {
  window: 'value',
  plane: 'value',
  json: 'flag',
  'max-regions': 'value',
  point: 'value',
} as const;
const FROZEN_SPEC = JSON.stringify(SPEC);
const usage = (e: unknown) => (e instanceof UsageError ? e.message : null);
const namesOption = (m: string) => plainMessage(m) ?? (/--[a-z]/.test(m) ? null : 'names no option');

const cliArgs: FuzzTarget = {
  name: 'cli-args',
  seeds: [
    'model.json --window -3,3,-2,2 --json',
    '--window=-1e-3,1e-3,0,1 --plane [[0,0,0],[1,0,0],[0,1,0]] --max-regions 100 m.json',
    '--point 0.5,-0.25 -- --json',
  ],
  tokens: [
    '--window',
    '--plane',
    '--json',
    '--max-regions',
    '--point',
    '--',
    '-',
    '=',
    '--window=',
    '[[0,0,0],[1,0,0],[0,1,0]]',
  ],
  run(input) {
    const a = parseArgs(input.split(' '), SPEC);
    const w = a.values.get('window');
    if (w !== undefined) loadWindow(w, false);
    const p = a.values.get('plane');
    if (p !== undefined) loadPlane(p, 3);
    const m = a.values.get('max-regions');
    if (m !== undefined) parseInteger(m, '--max-regions', 1, 10_000_000);
    const q = a.values.get('point');
    if (q !== undefined) loadPoint(q, 'point', false);
    return { ok: true };
  },
  isRejection: usage,
  checkMessage: namesOption,
  checkState: () => (JSON.stringify(SPEC) === FROZEN_SPEC ? null : 'the option table changed'),
};

const cliValues: FuzzTarget = {
  name: 'cli-values',
  seeds: ['-3,3,-2,2', '0.5,-0.25', '1,2,3', '[[0,0,0],[1,0,0],[0,1,0]]', '1e-5,2e5'],
  tokens: [',', '[', ']', 'e', 'E', '+', '-', '.'],
  run(input) {
    // The value parser is chosen by the shape of the text, so that valid mutants are accepted.
    const commas = input.split(',').length - 1;
    if (input.startsWith('[')) loadPlane(input, 3);
    else if (commas === 3) loadWindow(input, false);
    else if (commas === 2) loadInputPoint(input, 'to', 3);
    else if (commas === 1) input.length % 2 ? loadWindow(input, true) : loadPoint(input, 'from', false);
    else loadPoint(input, 'at', true);
    return { ok: true };
  },
  isRejection: usage,
  checkMessage: namesOption,
};

/** Every parser of untrusted input, fuzzed by the suite and by `npm run fuzz`. */
export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  modelText,
  modelValue,
  hash,
  cliArgs,
  cliValues,
  onnxTarget,
  csvTarget,
  deckTarget,
];
