/**
 * The deck part of the scripting API (`reluOrigami.loadDeck`, `deckStep`, `deckInfo`, `deckPlay`), over the
 * page's one deck player.
 */
import type { App } from '../app/app.ts';
import {
  type DeckInfo,
  type DeckTrainingControl,
  installDeckPlayer,
  type StepOptions,
} from './deckPlayer.ts';
import type { Presentation } from './present.ts';

/** One step of {@link DeckApi.deckPlay}: the step's hash and the app's hash once it was entered. */
export interface PlayedStep {
  /** The step (0-based). */
  index: number;
  /** The step's own (normalised) hash. */
  expected: string;
  /** The app's hash after the transition. */
  hash: string;
}

/** The deck methods of the scripting API. */
export interface DeckApi {
  /** Load a deck (JSON text or object) and enter its first step; rejects with every problem found. */
  loadDeck(deck: unknown): Promise<DeckInfo>;
  /** Enter step i (0-based); resolves once the transition has ended. */
  deckStep(i: number, options?: StepOptions): Promise<DeckInfo>;
  /** Where the player stands, or null without a deck. */
  deckInfo(): DeckInfo | null;
  /** Enter every step in order from the first; resolves with each step's expected and actual hash. */
  deckPlay(options?: StepOptions): Promise<PlayedStep[]>;
}

/** Install the deck player on the page of `app` (steps drive `training`) and return its API methods. */
export function deckApi(app: App, presentation: Presentation, training?: DeckTrainingControl): DeckApi {
  const parent = app.renderer.canvas.parentElement ?? document.body;
  const player = installDeckPlayer(app, presentation, parent, training);
  const info = () => {
    const i = player.info();
    if (!i) throw new Error('no deck is loaded (reluOrigami.loadDeck first)');
    return i;
  };
  return {
    async loadDeck(deck) {
      const errors = await player.load(deck);
      if (errors.length) throw new Error(errors.join('\n'));
      return info();
    },
    async deckStep(i, options) {
      const n = info().steps;
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new Error(`deckStep(${i}): expected a step from 0 to ${n - 1}`);
      await player.go(i, options);
      return info();
    },
    deckInfo: () => player.info(),
    async deckPlay(options) {
      const played: PlayedStep[] = [];
      for (let i = 0; i < info().steps; i++) {
        await player.go(i, options);
        played.push({ index: i, expected: info().hash, hash: app.hash() });
      }
      return played;
    },
  };
}
