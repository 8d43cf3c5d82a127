/**
 * The guided tour: the bundled deck `builtin:tour` (src/state/tourDeck.ts) played by the page's deck player,
 * so that the tour and every other deck share one caption card and one way of stepping (the card's buttons,
 * PageDown and PageUp, the arrows and Space; Escape closes). A step's `panel` opens that tab of the views' dock.
 */
import type { App } from '../app/app.ts';
import { TOUR_DECK } from '../state/tourDeck.ts';
import type { DeckPlayer, StepOptions } from '../ui/deckPlayer.ts';

/** The source name the tour deck is loaded under (as `#deck=builtin:tour` loads it). */
export const TOUR_SOURCE = 'builtin:tour';

/** The tour's handle on the deck player, returned by {@link installTour}. */
export interface Tour {
  /**
   * Open the tour (loading its deck unless it is the deck shown) at step i (clamped); resolves once the step's
   * transition has ended (`options.fast` shortens it, as for any deck).
   */
  go(i: number, options?: StepOptions): Promise<void>;
  /** The current step's index while the tour is the deck shown, else 0 (where the tour starts). */
  step(): number;
  /** True while the tour is the deck shown. */
  open(): boolean;
}

/**
 * Install the tour on `player`: every deck's step that names a `panel` opens it with `openPanel`, and the
 * tour's entry points (the views' tour buttons) call {@link Tour.go}.
 */
export function installTour(app: App, player: DeckPlayer, openPanel: (name: string) => void): Tour {
  player.onStep((step) => {
    if (step.panel) openPanel(step.panel);
  });
  const open = () => player.info()?.source === TOUR_SOURCE;
  return {
    async go(i, options) {
      const k = Math.max(0, Math.min(TOUR_DECK.steps.length - 1, Math.floor(i) || 0));
      if (!open()) {
        // Loading enters the first step.
        const errors = await player.load(TOUR_DECK, TOUR_SOURCE);
        if (errors.length) return app.notify('error', `the guided tour could not start: ${errors[0]}`);
        if (k === 0) return;
      }
      await player.go(k, options);
    },
    step: () => (open() ? player.info()!.index : 0),
    open,
  };
}
