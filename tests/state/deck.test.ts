import { describe, expect, it } from 'vitest';
import { defaultState } from '../../src/state/appState.ts';
import {
  DECK_FORMAT,
  DECK_LIMITS,
  looksLikeDeck,
  MAX_DECK_TRAIN_STEPS,
  parseDeck,
} from '../../src/state/deck.ts';
import { decodeHash, encodeHash } from '../../src/state/hash.ts';
import { STORY_DECK } from '../../src/state/storyDeck.ts';

const deck = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
  format: DECK_FORMAT,
  steps,
  ...extra,
});
const errorsOf = (input: unknown) => {
  const r = parseDeck(input);
  return r.ok ? [] : r.errors;
};

describe('parseDeck', () => {
  it('reads hash steps and merges object steps onto the previous state', () => {
    const hash = '#arch=2-6-1&seed=9&view=-1,1,-2,2&mode=gradient';
    const r = parseDeck(
      JSON.stringify(
        deck(
          [
            { state: hash, caption: 'first' },
            { state: { layer: 2, mode: 'layer', architecture: { widths: [2, 4, 4, 1] } }, caption: 'second' },
          ],
          { title: 'T' },
        ),
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.deck.title).toBe('T');
    const [a, b] = r.deck.steps;
    expect(a!.hash).toBe(encodeHash(decodeHash(hash).state));
    expect(a!.state.architecture.seed).toBe(9);
    // The second step keeps the first one's seed and view and changes what it names.
    expect(b!.state.architecture).toMatchObject({ widths: [2, 4, 4, 1], seed: 9 });
    expect(b!.state.view).toMatchObject({ x0: -1, x1: 1, y0: -2, y1: 2 });
    expect(b!.state.mode).toBe('layer');
    expect(b!.state.layer).toBe(2);
    expect(decodeHash(b!.hash).state).toEqual(b!.state);
    expect(a!.transition).toEqual({ duration: 600, camera: true, morph: true, reveal: true, fade: true });
  });

  it('a first object step starts from the defaults', () => {
    const r = parseDeck(deck([{ state: { seed: 1 } as unknown, caption: '' }]));
    expect(r.ok).toBe(false);
    const ok = parseDeck(deck([{ state: { mode: 'output' }, caption: '' }]));
    expect(ok.ok && ok.deck.steps[0]!.hash).toBe(encodeHash({ ...defaultState(), mode: 'output' }));
  });

  it('names the field of every problem', () => {
    expect(errorsOf('{')[0]).toMatch(/^the deck is not JSON/);
    expect(errorsOf([])).toEqual(['the deck must be a JSON object']);
    expect(errorsOf({ format: 'x', steps: [] })).toEqual([
      'format: expected "relu-origami-deck/1", got "x"',
      'steps: expected a non-empty array',
    ]);
    const errs = errorsOf(
      deck([
        { state: '#arch=2-6-1', caption: 'ok' },
        { state: { mode: 'sparkle' }, caption: 'bad mode' },
        { state: { view: { x0: 2, x1: 1 } }, caption: 'bad view' },
        { state: { architecture: { widths: 'wide' } }, caption: 'bad widths' },
        { state: '#arch=2-6-1&k=5&mode=layer', caption: 'bad k' },
        { state: 7, caption: 3 },
        { state: { layer: 1, colour: 'red' }, caption: 'x', transition: { duration: -1, fade: 'yes' } },
        { state: { architecture: { widths: [2, 100000, 1] } }, caption: 'too wide' },
      ]),
    );
    expect(errs.some((e) => e.startsWith('steps[1].state: mode=sparkle is invalid'))).toBe(true);
    expect(errs.some((e) => e.startsWith('steps[2].state: view=2,1,-3,3 is invalid'))).toBe(true);
    expect(errs).toContain('steps[3].state.architecture.widths: expected an array of integers');
    expect(errs).toContain("steps[4].state: k=5 is outside 1 to 2 (the network's layers)");
    expect(errs).toContain('steps[5].state: expected a URL hash string or a state object');
    expect(errs.some((e) => e.startsWith('steps[6].state.colour: unknown field'))).toBe(true);
    expect(errs).toContain('steps[6].transition.duration: expected milliseconds from 0 to 10000');
    expect(errs).toContain('steps[6].transition.fade: expected true or false');
    expect(errs.some((e) => e.startsWith('steps[7].state: arch=2-100000-1 is invalid'))).toBe(true);
    expect(errs.some((e) => e.startsWith('steps[0]'))).toBe(false);
  });

  it('reads what a step does to training, and names the train field of every problem', () => {
    const r = parseDeck(
      deck([
        { state: '#arch=2-6-1', caption: 'a', train: 'play' },
        { state: {}, caption: 'b', train: 'pause' },
        { state: {}, caption: 'c', train: { steps: 40 } },
        { state: {}, caption: 'd', train: 'reset' },
        { state: {}, caption: 'e' },
      ]),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.deck.steps.map((s) => s.train)).toEqual(['play', 'pause', { steps: 40 }, 'reset', undefined]);
    expect(
      errorsOf(
        deck([
          { state: '', caption: '', train: 'go' },
          { state: '', caption: '', train: { steps: 0 } },
          { state: '', caption: '', train: { steps: 2.5 } },
          { state: '', caption: '', train: { steps: MAX_DECK_TRAIN_STEPS + 1 } },
          { state: '', caption: '', train: { steps: 3, speed: 2 } },
          { state: '', caption: '', train: 7 },
        ]),
      ),
    ).toEqual([
      'steps[0].train: expected "play", "pause", "reset" or {"steps": N}',
      'steps[1].train.steps: expected an integer from 1 to 100000',
      'steps[2].train.steps: expected an integer from 1 to 100000',
      'steps[3].train.steps: expected an integer from 1 to 100000',
      'steps[4].train.speed: unknown field (expected one of steps)',
      'steps[5].train: expected "play", "pause", "reset" or {"steps": N}',
    ]);
  });

  it('enforces the limits on steps and captions', () => {
    const many = Array.from({ length: DECK_LIMITS.maxSteps + 1 }, () => ({ state: '#', caption: '' }));
    expect(errorsOf(deck(many))).toEqual([
      `steps: ${DECK_LIMITS.maxSteps + 1} steps, at most ${DECK_LIMITS.maxSteps}`,
    ]);
    const long = 'x'.repeat(DECK_LIMITS.maxCaption + 1);
    expect(errorsOf(deck([{ state: '#', caption: long }]))).toEqual([
      `steps[0].caption: ${long.length} characters, at most ${DECK_LIMITS.maxCaption}`,
    ]);
    expect(parseDeck(deck([{ state: '#', caption: 'x'.repeat(DECK_LIMITS.maxCaption) }])).ok).toBe(true);
  });

  it('keeps captions as plain text', () => {
    const r = parseDeck(deck([{ state: '#', caption: '<img src=x onerror=alert(1)>' }]));
    expect(r.ok && r.deck.steps[0]!.caption).toBe('<img src=x onerror=alert(1)>');
  });

  it('tells a deck from a model by content', () => {
    expect(looksLikeDeck(JSON.stringify(STORY_DECK))).toBe(true);
    expect(looksLikeDeck('{"format":"relu-origami/1","layers":[]}')).toBe(false);
  });

  it('the bundled story deck parses: ten steps, each hash decodes to its state', () => {
    const r = parseDeck(STORY_DECK);
    expect(r.ok ? [] : r.errors).toEqual([]);
    if (!r.ok) return;
    expect(r.deck.steps.length).toBe(10);
    for (const s of r.deck.steps) {
      const d = decodeHash(s.hash);
      expect(d.errors).toEqual([]);
      expect(encodeHash(d.state)).toBe(s.hash);
    }
    expect(r.deck.steps[4]!.state).toMatchObject({ mode: 'layer', layer: 3 });
  });
});
