/**
 * The fuzz target for deck files (src/state/deck.ts parseDeck, what a dropped `.deck.json` and the API's
 * deck loading read): mutants of valid decks with hash states, partial state objects, captions and
 * transitions, and hand-made hostile decks (201 steps, a 4,000,001-character file, 100,000-deep nesting, a
 * caption of markup, unknown fields with 100,000-character names). Every message must start with the path
 * of what was wrong (`format: `, `title: `, `steps: `, `steps[3].state.view.x0: `, `deck.colour: `) or
 * with `the deck ` for the file as a whole; an accepted deck must hold 1 to 200 steps whose hashes are
 * fixed points of the state codec; the defaults and the seeds must be unchanged after each input.
 */
import { defaultState } from '../../src/state/appState.ts';
import { DECK_FORMAT, DECK_LIMITS, parseDeck } from '../../src/state/deck.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';
import { type FuzzTarget, nested, plainMessage } from './lib.ts';

const deck = (steps: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: DECK_FORMAT, ...extra, steps });

const SEEDS = [
  deck([{ state: '#arch=2-6-1&seed=3', caption: 'one step' }]),
  deck(
    [
      { state: '#arch=2-8-8-1&act=relu&view=-2,2,-2,2', caption: 'the network', transition: { duration: 0 } },
      { state: { mode: 'layer', layer: 1 }, caption: 'after layer 1', transition: { reveal: true } },
      {
        state: { view: { x0: -1, x1: 1, y0: -1, y1: 1 }, boundaries: false },
        caption: 'zoomed',
        transition: { duration: 1200, camera: true, fade: true },
      },
      {
        state: { architecture: { widths: [2, 8, 8, 1], seed: 9 } },
        caption: 'new seed',
        transition: { morph: true },
      },
    ],
    { title: 'A tour' },
  ),
  deck([
    { state: '#arch=3-5-2&act=hardtanh&out=1&probe=1.2', caption: '' },
    { state: { output: 0, probe: null, views: { kind: 'surface' } }, caption: 'surface' },
  ]),
];

const TOKENS = [
  `"${DECK_FORMAT}"`,
  '"format"',
  '"title"',
  '"steps"',
  '"state"',
  '"caption"',
  '"transition"',
  '"duration"',
  '"camera"',
  '"morph"',
  '"reveal"',
  '"fade"',
  '"architecture"',
  '"widths"',
  '"activation"',
  '"model"',
  '"view"',
  '"mode"',
  '"layer"',
  '"output"',
  '"boundaries"',
  '"probe"',
  '"polygons"',
  '"views"',
  '"x0"',
  '"plane"',
  '"#arch=2-512-512-1"',
  '"#iso=1e-300"',
  '10001',
  '-0',
  'null',
  'true',
  '[]',
  '{}',
  '"__proto__"',
  '"constructor"',
  '"<img src=x onerror=alert(1)>"',
];

const HOSTILE = [
  deck(
    Array.from({ length: DECK_LIMITS.maxSteps + 1 }, (_, i) => ({ state: '#arch=2-4-1', caption: `${i}` })),
  ),
  deck([{ state: '#arch=2-4-1', caption: 'x'.repeat(DECK_LIMITS.maxText) }]),
  nested(100_000),
  nested(100_000, '', true),
  `{"format":"${DECK_FORMAT}","steps":[{"state":${nested(100_000, '', true)},"caption":"deep"}]}`,
  `{"format":"${DECK_FORMAT}","steps":[{"state":{"view":${nested(100_000)}},"caption":"deep"}]}`,
  deck([{ state: '#arch=2-4-1', caption: '<img src=x onerror=alert(1)>' }], {
    title: '<svg onload=alert(1)>',
  }),
  deck([{ state: { [`k${'y'.repeat(100_000)}`]: 1 }, caption: 'long key' }], {
    [`z${'q'.repeat(100_000)}`]: 0,
  }),
  deck([{ state: `#${'&'.repeat(100_000)}`, caption: 'ampersands' }]),
  deck([
    { state: { architecture: { widths: Array.from({ length: 100_000 }, () => 2) } }, caption: 'deep net' },
  ]),
  `{"format":"${DECK_FORMAT}","steps":[{"state":"#arch=2-4-1","caption":"x","transition":{"duration":1e400}}]}`,
  `\ufeff${SEEDS[0]!}`,
];

/** A message names its path first, or speaks of the deck as a whole. */
function deckMessage(m: string): string | null {
  const plain = plainMessage(m);
  if (plain) return plain;
  return /^(the deck |format: |title: |steps: |(deck|steps\[\d+\])(\.[A-Za-z0-9_$]{1,40}|\["[\s\S]{0,100}?"\])*: )/su.test(
    m,
  )
    ? null
    : 'does not start with the path of the offending value';
}

const DEFAULTS = JSON.stringify(defaultState());
const FROZEN_SEEDS = JSON.stringify(SEEDS);
let accepted: ReturnType<typeof parseDeck> | null = null;

/** The deck target of the fuzzer (see the module comment). */
export const deckTarget: FuzzTarget = {
  name: 'deck',
  seeds: SEEDS,
  tokens: TOKENS,
  hostile: HOSTILE,
  run(input) {
    const r = parseDeck(input);
    accepted = r.ok ? r : null;
    return r.ok ? { ok: true } : { ok: false, messages: r.errors };
  },
  checkMessage: deckMessage,
  checkState() {
    if (JSON.stringify(defaultState()) !== DEFAULTS) return 'the defaults changed';
    if (JSON.stringify(SEEDS) !== FROZEN_SEEDS) return 'a seed changed';
    if (!accepted?.ok) return null;
    const steps = accepted.deck.steps;
    if (steps.length < 1 || steps.length > DECK_LIMITS.maxSteps)
      return `accepted a deck of ${steps.length} steps`;
    for (const [i, s] of steps.entries()) {
      if (s.caption.length > DECK_LIMITS.maxCaption)
        return `steps[${i}] kept a caption of ${s.caption.length}`;
      const d = s.transition.duration;
      if (!(d >= 0 && d <= DECK_LIMITS.maxDuration)) return `steps[${i}] kept a transition of ${d} ms`;
      // The hash a step writes to the address bar decodes to the step's state and back to the same hash.
      const again = decodeHash(s.hash);
      if (again.errors.length) return `steps[${i}]'s hash is rejected: ${again.errors[0]}`;
      if (encodeHash(again.state) !== s.hash) return `steps[${i}]'s hash is not a fixed point of the codec`;
    }
    return null;
  },
};
