/**
 * The URL-hash codec of {@link AppState}: `#arch=2-16-16-1&act=relu&seed=1&view=-3,3,-3,3&mode=regions...`.
 * Decoding never throws: each malformed field is reported and replaced by its default.
 */

import { isActivationName } from '../engine/activations.ts';
import { isInitScheme } from '../engine/init.ts';
import {
  HASH_MAX_HIDDEN_LAYERS,
  HASH_MAX_INPUT_DIM,
  HASH_MAX_OUTPUT_DIM,
  HASH_MAX_WIDTH,
} from '../engine/limits.ts';
import type { Plane } from '../engine/plane.ts';
import { type AppState, defaultState } from './appState.ts';
import { COLOUR_MODES, DEFAULT_COMPLEXITY, isColourMode, parseComplexityRadius } from './colourMode.ts';
import { decodeLookField, encodeLook } from './look.ts';
import { decodePlaneSpec, encodePlaneSpec } from './planeSpec.ts';
import { decodeTrainingField, encodeTraining } from './training.ts';
import { isViewKind } from './viewSettings.ts';

/** Largest width and depth the explorer generates (the renderer's tested limit). */
export const LIMITS = {
  maxWidth: HASH_MAX_WIDTH,
  maxHiddenLayers: HASH_MAX_HIDDEN_LAYERS,
  maxInputDim: HASH_MAX_INPUT_DIM,
  maxOutputDim: HASH_MAX_OUTPUT_DIM,
};

/**
 * Longest URL hash decoded, in characters (2 MB: Chromium's limit on a URL). A longer one is refused as a
 * whole with one message, before it is split, and gives the defaults.
 */
export const MAX_HASH_LENGTH = 2_000_000;

/** The result of {@link decodeHash}: a complete state and the problems found (empty when the hash was clean). */
export interface DecodedHash {
  /** The decoded state; defaults replace every malformed field. */
  state: AppState;
  /** One message per malformed or unknown field, naming the field and what was expected. */
  errors: string[];
}

/** Longest inline `plane=` value written beside a stored plane's name (characters); longer ones stay in storage. */
export const MAX_INLINE_PLANE = 2000;

const num = (x: number) => (Number.isInteger(x) ? String(x) : String(x));

/** Encode `s` as a URL hash (with the leading '#'). Numbers are written exactly (shortest round-trip form). */
export function encodeHash(s: AppState): string {
  const a = s.architecture;
  const parts = [
    s.model === null ? `arch=${a.widths.join('-')}` : `model=${encodeURIComponent(s.model)}`,
    `act=${a.activation}`,
    `alpha=${num(a.alpha)}`,
    `init=${a.init}`,
    `seed=${a.seed}`,
    `scale=${num(a.weightScale)}`,
    `view=${[s.view.x0, s.view.x1, s.view.y0, s.view.y1].map(num).join(',')}`,
    `mode=${s.mode}`,
    `k=${s.layer}`,
    `out=${s.output}`,
    `b=${s.boundaries ? 1 : 0}`,
    `poly=${s.polygons ? 1 : 0}`,
  ];
  if (s.probe) parts.push(`probe=${s.probe[0]}.${s.probe[1]}`);
  // A plane rebuilt from its spec (axes, random) needs no points; a stored one keeps them when short.
  if (s.planeSpec) parts.push(`pspec=${encodeURIComponent(encodePlaneSpec(s.planeSpec))}`);
  const points = s.view.plane ? s.view.plane.map((p) => p.map(num).join(',')).join(';') : '';
  if (points && (!s.planeSpec || (s.planeSpec.kind === 'stored' && points.length <= MAX_INLINE_PLANE)))
    parts.push(`plane=${points}`);
  // The views' fields are written only when they differ from the defaults: older hashes stay as they were.
  if (s.views.kind !== 'map') parts.push(`show=${s.views.kind}`);
  if (s.views.contours !== 0) parts.push(`iso=${num(s.views.contours)}`);
  if (s.views.section) parts.push(`sec=${s.views.section.map(num).join(',')}`);
  parts.push(...encodeLook(s.look));
  if (s.lcRadius !== DEFAULT_COMPLEXITY.radius || s.lcUnits !== DEFAULT_COMPLEXITY.units)
    parts.push(`lcr=${num(s.lcRadius)}${s.lcUnits === 'pixels' ? 'px' : ''}`);
  parts.push(...encodeTraining(s.training));
  return `#${parts.join('&')}`;
}

const finite = (v: string) => {
  const x = v.trim() === '' ? Number.NaN : Number(v);
  return Number.isFinite(x) ? x : null;
};

/** Decode a URL hash (with or without '#'); see {@link DecodedHash}. An empty hash gives the defaults. */
export function decodeHash(hash: string): DecodedHash {
  const s = defaultState();
  const errors: string[] = [];
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.trim() === '') return { state: s, errors };
  if (body.length > MAX_HASH_LENGTH) {
    errors.push(`the URL hash has ${body.length} characters, at most ${MAX_HASH_LENGTH} are read`);
    return { state: s, errors };
  }
  const short = (t: string) => (t.length > 40 ? `${t.slice(0, 40)}…` : t);
  const bad = (key: string, value: string, expected: string) =>
    errors.push(`${short(key)}=${short(value)} is invalid: expected ${expected}`);
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    let value = eq < 0 ? '' : part.slice(eq + 1);
    if (key === '') {
      errors.push(`a field without a name ("=${short(value)}") in the URL hash`);
      continue;
    }
    try {
      value = decodeURIComponent(value);
    } catch {
      bad(key, value, 'valid percent-encoding');
      continue;
    }
    const a = s.architecture;
    switch (key) {
      case 'arch': {
        const w = value.split('-').map((x) => finite(x));
        const ok =
          w.length >= 2 &&
          w.length <= LIMITS.maxHiddenLayers + 2 &&
          w.every((x) => x !== null && Number.isInteger(x) && x >= 1 && x <= LIMITS.maxWidth) &&
          (w[0] as number) <= LIMITS.maxInputDim &&
          (w[w.length - 1] as number) <= LIMITS.maxOutputDim;
        if (ok) a.widths = w as number[];
        else
          bad(
            key,
            value,
            `widths like 2-16-16-1 (1 to ${LIMITS.maxWidth} each, at most ${LIMITS.maxHiddenLayers} hidden layers)`,
          );
        break;
      }
      case 'model':
        // A lone surrogate cannot be percent-encoded again (encodeURIComponent throws on it).
        if (value.length > 0 && value.length <= 200 && !/[\uD800-\uDFFF]/u.test(value)) s.model = value;
        else bad(key, value, 'a model name of 1 to 200 characters (valid unicode)');
        break;
      case 'act':
        if (isActivationName(value)) a.activation = value;
        else bad(key, value, 'relu, leaky_relu, prelu, abs, hardtanh or linear');
        break;
      case 'alpha': {
        const x = finite(value);
        if (x !== null) a.alpha = x;
        else bad(key, value, 'a finite number');
        break;
      }
      case 'init':
        if (isInitScheme(value)) a.init = value;
        else bad(key, value, 'he, glorot or uniform');
        break;
      case 'seed': {
        const x = finite(value);
        if (x !== null && Number.isInteger(x) && x >= 0 && x <= 0xffffffff) a.seed = x;
        else bad(key, value, 'an integer from 0 to 4294967295');
        break;
      }
      case 'scale': {
        const x = finite(value);
        if (x !== null && x > 0) a.weightScale = x;
        else bad(key, value, 'a positive number');
        break;
      }
      case 'view': {
        const v = value.split(',').map(finite);
        // The width and height must be finite too: -1e308,1e308 has an infinite width.
        const ok =
          v.length === 4 &&
          v.every((x) => x !== null) &&
          v[1]! - v[0]! > 0 &&
          v[3]! - v[2]! > 0 &&
          Number.isFinite(v[1]! - v[0]!) &&
          Number.isFinite(v[3]! - v[2]!);
        if (ok) {
          [s.view.x0, s.view.x1, s.view.y0, s.view.y1] = v as number[] as [number, number, number, number];
        } else bad(key, value, 'x0,x1,y0,y1 with x0 < x1, y0 < y1 and a finite width and height');
        break;
      }
      case 'plane': {
        const pts = value.split(';').map((p) => p.split(',').map(finite));
        const n = pts[0]?.length ?? 0;
        if (pts.length === 3 && n > 0 && pts.every((p) => p.length === n && p.every((x) => x !== null))) {
          s.view.plane = pts as number[][] as unknown as Plane;
        } else bad(key, value, 'three points p0;p1;p2 of equal length');
        break;
      }
      case 'pspec': {
        const spec = decodePlaneSpec(value);
        if (typeof spec === 'string') bad(key, value, spec);
        else s.planeSpec = spec;
        break;
      }
      case 'mode':
        if (isColourMode(value)) s.mode = value;
        else bad(key, value, COLOUR_MODES.join(', '));
        break;
      case 'k': {
        const x = finite(value);
        if (x !== null && Number.isInteger(x) && x >= 1 && x <= LIMITS.maxHiddenLayers + 1) s.layer = x;
        else bad(key, value, `an integer from 1 to ${LIMITS.maxHiddenLayers + 1}`);
        break;
      }
      case 'out': {
        const x = finite(value);
        if (x !== null && Number.isInteger(x) && x >= -1 && x < LIMITS.maxOutputDim) s.output = x;
        else bad(key, value, `-1 (argmax) or an output index below ${LIMITS.maxOutputDim}`);
        break;
      }
      case 'b':
      case 'poly':
        if (value === '0' || value === '1') {
          if (key === 'b') s.boundaries = value === '1';
          else s.polygons = value === '1';
        } else bad(key, value, '0 or 1');
        break;
      case 'probe': {
        const m = /^(\d{1,9})\.(\d{1,9})$/.exec(value);
        if (m) s.probe = [Number(m[1]), Number(m[2])];
        else bad(key, value, 'layer.index, e.g. 0.3');
        break;
      }
      case 'show':
        if (isViewKind(value)) s.views.kind = value;
        else bad(key, value, 'map, surface or line');
        break;
      case 'iso': {
        const x = finite(value);
        if (x !== null && (x > 0 || x === 0 || x === -1)) s.views.contours = x;
        else bad(key, value, 'a positive contour spacing, 0 (none) or -1 (automatic)');
        break;
      }
      case 'sec': {
        const v = value.split(',').map(finite);
        if (v.length === 4 && v.every((x) => x !== null))
          s.views.section = v as [number, number, number, number];
        else bad(key, value, 's0,t0,s1,t1: four finite numbers');
        break;
      }
      case 'lcr': {
        const r = parseComplexityRadius(value);
        if (r) [s.lcRadius, s.lcUnits] = [r.radius, r.units];
        else bad(key, value, 'a positive radius in plane units (0.25) or pixels (8px)');
        break;
      }
      default: {
        const t = decodeTrainingField(s.training, key, value);
        if (typeof t === 'string') bad(key, value, t);
        else if (t === null) {
          const expected = decodeLookField(key, value, s.look);
          if (expected === null) errors.push(`unknown field "${short(key)}" in the URL hash`);
          else if (expected) bad(key, value, expected);
        }
      }
    }
  }
  return { state: s, errors };
}
