/**
 * Decks: a JSON file of steps, each a complete app state (a URL hash, or a partial state object merged onto
 * the previous step's state) with a caption and an optional transition. The parser is pure and never throws:
 * every problem is a message naming the field (`steps[3].state: ...`).
 */

import { type AppState, cloneState, defaultState } from './appState.ts';
import { decodeHash, encodeHash } from './hash.ts';

/** The `format` value of a deck file. */
export const DECK_FORMAT = 'relu-origami-deck/1';

/** Limits on what a deck may hold. */
export const DECK_LIMITS = {
  /** Most steps in a deck. */
  maxSteps: 200,
  /** Longest caption, in characters. */
  maxCaption: 600,
  /** Longest title, in characters. */
  maxTitle: 200,
  /** Longest deck text read, in characters. */
  maxText: 4_000_000,
  /** Longest transition, in milliseconds. */
  maxDuration: 10_000,
};

/** The default transition length, in milliseconds. */
export const DEFAULT_TRANSITION_MS = 600;

/** How a step is entered from the previous one. */
export interface DeckTransition {
  /** Length in milliseconds (0: a cut). */
  duration: number;
  /** Pan and zoom the view window, eased. */
  camera: boolean;
  /** Interpolate the weights between two networks of the same shape. */
  morph: boolean;
  /** Reveal layer mode's k one layer at a time. */
  reveal: boolean;
  /** Cross-fade a change of colour mode. */
  fade: boolean;
}

/**
 * What a step does to training once it is entered: start (`play`), pause or reset it, or train a number of
 * steps (paused; the step is entered when they are drawn).
 */
export type DeckTraining = 'play' | 'pause' | 'reset' | { steps: number };

/** The most training steps one deck step may ask for. */
export const MAX_DECK_TRAIN_STEPS = 100_000;

/** One parsed step: its complete state, the normalised hash of it, its caption and transition. */
export interface DeckStep {
  /** The complete state of the step. */
  state: AppState;
  /** `encodeHash(state)`: the app's hash once the step has been entered. */
  hash: string;
  /** The caption (plain text). */
  caption: string;
  /** The transition into this step. */
  transition: DeckTransition;
  /** A panel of the views' dock to open with the step (section, analysis, verify, network), or null. */
  panel: string | null;
  /** What the step does to training after its transition (none: training is left as it is). */
  train?: DeckTraining;
}

/** A parsed deck. */
export interface Deck {
  /** The title (may be empty). */
  title: string;
  /** The steps, at least one. */
  steps: DeckStep[];
}

/** The result of {@link parseDeck}. */
export type DeckResult = { ok: true; deck: Deck } | { ok: false; errors: string[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => isNum(v) && Number.isInteger(v);

const ARCH_KEYS = ['widths', 'activation', 'alpha', 'init', 'seed', 'weightScale'] as const;
const VIEW_KEYS = ['x0', 'x1', 'y0', 'y1', 'plane'] as const;
const VIEWS_KEYS = ['kind', 'contours', 'section'] as const;
const STATE_KEYS = [
  'architecture',
  'model',
  'view',
  'mode',
  'layer',
  'output',
  'boundaries',
  'probe',
  'polygons',
  'views',
] as const;

/** The path of field `k` under `where`: `.k` for a short plain name, else `["k"]`, cut to 40 characters. */
function fieldPath(where: string, k: string): string {
  if (/^[A-Za-z_$][\w$]{0,39}$/.test(k)) return `${where}.${k}`;
  return `${where}[${JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k)}]`;
}

/** A value for a message: a string quoted and cut to 40 characters, a number, or its kind. */
function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === undefined) return 'nothing';
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a value of type ${typeof v}`;
}

/** Report keys of `o` not in `allowed`, under `where`. */
function unknownKeys(o: Obj, allowed: readonly string[], where: string, errors: string[]): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k))
      errors.push(`${fieldPath(where, k)}: unknown field (expected one of ${allowed.join(', ')})`);
}

/**
 * Merge the partial state object `o` onto `s` (in place), checking the type of each field; the values
 * themselves are checked afterwards through the hash codec.
 */
function mergePartial(s: AppState, o: Obj, where: string, errors: string[]): void {
  unknownKeys(o, STATE_KEYS, where, errors);
  const type = (key: string, expected: string) => errors.push(`${where}.${key}: expected ${expected}`);
  if ('architecture' in o) {
    const a = o.architecture;
    if (!isObj(a)) type('architecture', 'an object');
    else {
      unknownKeys(a, ARCH_KEYS, `${where}.architecture`, errors);
      const t = s.architecture;
      if ('widths' in a) {
        if (Array.isArray(a.widths) && a.widths.every(isInt)) t.widths = [...(a.widths as number[])];
        else type('architecture.widths', 'an array of integers');
      }
      if ('activation' in a) {
        if (typeof a.activation === 'string')
          t.activation = a.activation as AppState['architecture']['activation'];
        else type('architecture.activation', 'a string');
      }
      if ('init' in a) {
        if (typeof a.init === 'string') t.init = a.init as AppState['architecture']['init'];
        else type('architecture.init', 'a string');
      }
      for (const k of ['alpha', 'seed', 'weightScale'] as const) {
        if (!(k in a)) continue;
        if (isNum(a[k])) t[k] = a[k] as number;
        else type(`architecture.${k}`, 'a finite number');
      }
    }
  }
  if ('model' in o) {
    if (o.model === null || typeof o.model === 'string') s.model = o.model as string | null;
    else type('model', 'a string or null');
  }
  if ('view' in o) {
    const v = o.view;
    if (!isObj(v)) type('view', 'an object');
    else {
      unknownKeys(v, VIEW_KEYS, `${where}.view`, errors);
      for (const k of ['x0', 'x1', 'y0', 'y1'] as const) {
        if (!(k in v)) continue;
        if (isNum(v[k])) s.view[k] = v[k] as number;
        else type(`view.${k}`, 'a finite number');
      }
      if ('plane' in v) {
        const p = v.plane;
        const ok =
          p === null ||
          (Array.isArray(p) && p.length === 3 && p.every((q) => Array.isArray(q) && q.every(isNum)));
        if (ok) s.view.plane = p as AppState['view']['plane'];
        else type('view.plane', 'null or three arrays of numbers');
      }
    }
  }
  if ('mode' in o) {
    if (typeof o.mode === 'string') s.mode = o.mode as AppState['mode'];
    else type('mode', 'a string');
  }
  for (const k of ['layer', 'output'] as const) {
    if (!(k in o)) continue;
    if (isInt(o[k])) s[k] = o[k] as number;
    else type(k, 'an integer');
  }
  for (const k of ['boundaries', 'polygons'] as const) {
    if (!(k in o)) continue;
    if (typeof o[k] === 'boolean') s[k] = o[k] as boolean;
    else type(k, 'true or false');
  }
  if ('probe' in o) {
    const p = o.probe;
    if (p === null || (Array.isArray(p) && p.length === 2 && p.every(isInt)))
      s.probe = p as [number, number] | null;
    else type('probe', 'null or [layer, index]');
  }
  if ('views' in o) {
    const v = o.views;
    if (!isObj(v)) type('views', 'an object');
    else {
      unknownKeys(v, VIEWS_KEYS, `${where}.views`, errors);
      if ('kind' in v) {
        if (typeof v.kind === 'string') s.views.kind = v.kind as AppState['views']['kind'];
        else type('views.kind', 'a string');
      }
      if ('contours' in v) {
        if (isNum(v.contours)) s.views.contours = v.contours;
        else type('views.contours', 'a finite number');
      }
      if ('section' in v) {
        const q = v.section;
        if (q === null || (Array.isArray(q) && q.length === 4 && q.every(isNum)))
          s.views.section = q as AppState['views']['section'];
        else type('views.section', 'null or [s0, t0, s1, t1]');
      }
    }
  }
}

/** Check what the app would otherwise change silently: k, the output and the probe against the widths. */
function checkAgainstNetwork(s: AppState, where: string, errors: string[]): void {
  if (s.model !== null) return;
  const widths = s.architecture.widths;
  const layers = widths.length - 1;
  if (s.layer < 1 || s.layer > layers)
    errors.push(`${where}: k=${s.layer} is outside 1 to ${layers} (the network's layers)`);
  const outputs = widths[widths.length - 1]!;
  if (s.output >= outputs || s.output < -1)
    errors.push(`${where}: out=${s.output} is not an output of a network with ${outputs} output(s)`);
  if (
    s.probe &&
    (s.probe[0] < 0 || s.probe[0] >= layers || s.probe[1] < 0 || s.probe[1] >= widths[s.probe[0] + 1]!)
  )
    errors.push(`${where}: probe=${s.probe[0]}.${s.probe[1]} names no neuron of the network`);
}

/** Parse the `transition` of a step. */
function parseTransition(t: unknown, where: string, errors: string[]): DeckTransition {
  const out: DeckTransition = {
    duration: DEFAULT_TRANSITION_MS,
    camera: true,
    morph: true,
    reveal: true,
    fade: true,
  };
  if (t === undefined) return out;
  if (!isObj(t)) {
    errors.push(`${where}: expected an object`);
    return out;
  }
  unknownKeys(t, ['duration', 'camera', 'morph', 'reveal', 'fade'], where, errors);
  if ('duration' in t) {
    if (isNum(t.duration) && t.duration >= 0 && t.duration <= DECK_LIMITS.maxDuration)
      out.duration = t.duration;
    else errors.push(`${where}.duration: expected milliseconds from 0 to ${DECK_LIMITS.maxDuration}`);
  }
  for (const k of ['camera', 'morph', 'reveal', 'fade'] as const) {
    if (!(k in t)) continue;
    if (typeof t[k] === 'boolean') out[k] = t[k] as boolean;
    else errors.push(`${where}.${k}: expected true or false`);
  }
  return out;
}

/** The longest panel name a step may give. */
const MAX_PANEL = 40;

/** Parse the `panel` of a step: absent or null (none), or a short name of letters, digits and hyphens. */
function parsePanel(p: unknown, where: string, errors: string[]): string | null {
  if (p === undefined || p === null) return null;
  if (typeof p === 'string' && p.length <= MAX_PANEL && /^[a-z][a-z0-9-]*$/i.test(p)) return p;
  errors.push(`${where}: expected a panel name (section, analysis, verify, network) or null`);
  return null;
}

/** Parse the `train` field of a step (undefined when absent or wrong; problems go to `errors`). */
function parseTrain(t: unknown, where: string, errors: string[]): DeckTraining | undefined {
  if (t === undefined) return undefined;
  if (t === 'play' || t === 'pause' || t === 'reset') return t;
  if (isObj(t)) {
    unknownKeys(t, ['steps'], where, errors);
    if (isInt(t.steps) && t.steps >= 1 && t.steps <= MAX_DECK_TRAIN_STEPS) return { steps: t.steps };
    errors.push(`${where}.steps: expected an integer from 1 to ${MAX_DECK_TRAIN_STEPS}`);
    return undefined;
  }
  errors.push(`${where}: expected "play", "pause", "reset" or {"steps": N}`);
  return undefined;
}

/**
 * Parse a deck: a JSON string or an already parsed object. A step's `state` is a URL hash (the whole state;
 * fields not in it take their defaults) or a partial state object merged onto the previous step's state (the
 * defaults for the first step). Every state is checked through the hash codec.
 */
export function parseDeck(input: unknown): DeckResult {
  let data = input;
  if (typeof input === 'string') {
    if (input.length > DECK_LIMITS.maxText)
      return {
        ok: false,
        errors: [`the deck has ${input.length} characters, at most ${DECK_LIMITS.maxText} are read`],
      };
    try {
      data = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [`the deck is not JSON: ${e instanceof Error ? e.message : String(e)}`] };
    }
  }
  if (!isObj(data)) return { ok: false, errors: ['the deck must be a JSON object'] };
  const errors: string[] = [];
  if (data.format !== DECK_FORMAT)
    errors.push(`format: expected "${DECK_FORMAT}", got ${describeValue(data.format)}`);
  unknownKeys(data, ['format', 'title', 'steps'], 'deck', errors);
  let title = '';
  if ('title' in data) {
    if (typeof data.title !== 'string') errors.push('title: expected a string');
    else if (data.title.length > DECK_LIMITS.maxTitle)
      errors.push(`title: ${data.title.length} characters, at most ${DECK_LIMITS.maxTitle}`);
    else title = data.title;
  }
  const raw = data.steps;
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.push('steps: expected a non-empty array');
    return { ok: false, errors };
  }
  if (raw.length > DECK_LIMITS.maxSteps) {
    errors.push(`steps: ${raw.length} steps, at most ${DECK_LIMITS.maxSteps}`);
    return { ok: false, errors };
  }
  const steps: DeckStep[] = [];
  let previous = defaultState();
  raw.forEach((step: unknown, i) => {
    const where = `steps[${i}]`;
    if (!isObj(step)) {
      errors.push(`${where}: expected an object`);
      return;
    }
    unknownKeys(step, ['state', 'caption', 'transition', 'panel', 'train'], where, errors);
    const before = errors.length;
    let state: AppState;
    if (typeof step.state === 'string') {
      const d = decodeHash(step.state);
      for (const e of d.errors) errors.push(`${where}.state: ${e}`);
      state = d.state;
    } else if (isObj(step.state)) {
      state = cloneState(previous);
      mergePartial(state, step.state, `${where}.state`, errors);
      // The values (widths within limits, known modes and activations, ordered views) go through the codec.
      if (errors.length === before) {
        const d = decodeHash(encodeHash(state));
        for (const e of d.errors) errors.push(`${where}.state: ${e}`);
        state = d.state;
      }
    } else {
      errors.push(`${where}.state: expected a URL hash string or a state object`);
      return;
    }
    if (errors.length === before) checkAgainstNetwork(state, `${where}.state`, errors);
    let caption = '';
    if (typeof step.caption !== 'string') errors.push(`${where}.caption: expected a string`);
    else if (step.caption.length > DECK_LIMITS.maxCaption)
      errors.push(`${where}.caption: ${step.caption.length} characters, at most ${DECK_LIMITS.maxCaption}`);
    else caption = step.caption;
    const transition = parseTransition(step.transition, `${where}.transition`, errors);
    const panel = parsePanel(step.panel, `${where}.panel`, errors);
    const train = parseTrain(step.train, `${where}.train`, errors);
    steps.push({ state, hash: encodeHash(state), caption, transition, panel, ...(train ? { train } : {}) });
    previous = state;
  });
  if (errors.length) return { ok: false, errors };
  return { ok: true, deck: { title, steps } };
}

/** True when `text` looks like a deck file (its format field), so that a dropped file can be told apart. */
export function looksLikeDeck(text: string): boolean {
  return /^\s*\{[\s\S]{0,4000}?"format"\s*:\s*"relu-origami-deck\//.test(text);
}
