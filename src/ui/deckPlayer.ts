/**
 * The deck player: loads a deck (a file picked or dropped, `#deck=builtin:story` or `#deck=path.json` in the
 * URL, or the scripting API), shows each step's caption (in a card, or as the presentation caption) and steps
 * through it with the keymap's `deck` context; the guided tour is the bundled deck `builtin:tour`, played here
 * like any other (its steps open the views' panels through {@link DeckPlayer.onStep}). A step is entered by a transition (deckTween.ts): the camera
 * eases, the weights of two networks of the same shape blend (only the weights are uploaded: the renderer
 * keeps its programs for an unchanged architecture), layer mode's k is revealed one layer at a time and a
 * change of colour mode cross-fades from a snapshot of the last frame. Every in-between frame is an applied
 * state and the last one is the step's own state, so the hash then equals the step's.
 */
import type { App } from '../app/app.ts';
import { networkOf } from '../app/network.ts';
import type { TrainingApi } from '../app/training.ts';
import type { Network } from '../engine/model.ts';
import type { AppState } from '../state/appState.ts';
import { type Deck, type DeckStep, parseDeck } from '../state/deck.ts';
import {
  blendNetworks,
  cameraMoves,
  ease,
  revealAt,
  revealStart,
  sameShape,
  tweenView,
} from '../state/deckTween.ts';
import { STORY_DECK } from '../state/storyDeck.ts';
import { TOUR_DECK } from '../state/tourDeck.ts';
import { deckFiles } from './files.ts';
import { pageKeymap } from './keymap.ts';
import type { Presentation } from './present.ts';

/** The bundled decks, by the name `#deck=builtin:NAME` gives. */
export const BUILTIN_DECKS: Readonly<Record<string, unknown>> = { story: STORY_DECK, tour: TOUR_DECK };

/** Where the player stands, for the API and the tests. */
export interface DeckInfo {
  /** The deck's title. */
  title: string;
  /** Number of steps. */
  steps: number;
  /** The current step (0-based). */
  index: number;
  /** The current step's caption. */
  caption: string;
  /** The current step's hash (what the app's hash is once its transition has ended). */
  hash: string;
  /** True while a transition runs. */
  moving: boolean;
  /** Where the deck came from: `builtin:NAME`, a path or file name, or `the deck` (the API). */
  source: string;
}

/** Options of a step change. */
export interface StepOptions {
  /** Shorten every transition to at most 80 ms (tests, a quick run through). */
  fast?: boolean;
}

/** The handle returned by {@link installDeckPlayer}. */
export interface DeckPlayer {
  /** Load a deck (JSON text or object) and enter its first step. Returns the problems (empty: loaded). */
  load(input: unknown, name?: string): Promise<string[]>;
  /** Enter step i (clamped); resolves once its transition has ended. */
  go(i: number, options?: StepOptions): Promise<void>;
  /** Where the player stands, or null without a deck. */
  info(): DeckInfo | null;
  /** Close the deck (the current state stays). */
  close(): void;
  /** Call `fn` with the step and its index whenever a step is entered (before its transition runs). */
  onStep(fn: (step: DeckStep, index: number) => void): void;
}

/** The `#deck=` value of a URL hash, or null when the hash is not a deck reference. */
export function deckRefOf(hash: string): string | null {
  const m = /^#?deck=([^&]*)$/.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

const FAST_MS = 80;

/** The network a state draws, or null when it cannot be built here (then no morph). */
function networkOfState(app: App, s: AppState): Network | null {
  if (s.model !== null) return app.models.get(s.model) ?? null;
  try {
    return networkOf(s.architecture);
  } catch {
    return null;
  }
}

/** What the player needs of training, for the steps' `train` field (the scripting API's methods). */
export type DeckTrainingControl = Pick<TrainingApi, 'train' | 'controlTraining'>;

/**
 * Install the player on the page of `app`; captions go to the card in `parent` and to `presentation` (when
 * given) while it is on; a step's `train` field drives `training` (without it, the field is reported and
 * ignored).
 */
export function installDeckPlayer(
  app: App,
  presentation: Presentation | null,
  parent: HTMLElement,
  training?: DeckTrainingControl,
): DeckPlayer {
  const card = document.createElement('div');
  // Styled as the tour card, beside the explorer's panel; hidden in the presentation mode.
  card.className = 'views-tour with-gui deck-card';
  card.hidden = true;
  const close = document.createElement('button');
  close.textContent = '×';
  close.style.float = 'right';
  const title = document.createElement('b');
  const text = document.createElement('p');
  const prev = document.createElement('button');
  prev.textContent = '← previous';
  const next = document.createElement('button');
  next.textContent = 'next →';
  const counter = document.createElement('span');
  counter.style.margin = '0 8px';
  const nav = document.createElement('div');
  nav.append(prev, counter, next);
  card.append(close, title, text, nav);
  parent.append(card);
  const fade = document.createElement('canvas');
  fade.className = 'deck-fade';
  fade.hidden = true;
  fade.style.position = 'absolute';
  fade.style.pointerEvents = 'none';
  app.renderer.canvas.insertAdjacentElement('afterend', fade);

  let deck: Deck | null = null;
  let source = '';
  let index = 0;
  const stepListeners: ((step: DeckStep, index: number) => void)[] = [];
  const entered = () => {
    if (deck) for (const fn of stepListeners) fn(deck.steps[index]!, index);
  };
  // Incremented by every step change: a running transition sees it and stops.
  let generation = 0;
  let moving = false;
  // True while the renderer draws blended weights rather than app.net's.
  let blended = false;
  const unblend = () => {
    if (!blended) return;
    blended = false;
    app.renderer.setNetwork(app.net);
  };

  const show = () => {
    card.hidden = !deck;
    if (!deck) {
      presentation?.setCaption('');
      return;
    }
    const step = deck.steps[index]!;
    title.textContent = deck.title || 'Deck';
    text.textContent = step.caption;
    counter.textContent = `${index + 1} / ${deck.steps.length}`;
    prev.disabled = index === 0;
    next.disabled = index === deck.steps.length - 1;
    presentation?.setCaption(step.caption);
  };

  const snapshot = () => {
    const map = app.renderer.canvas;
    fade.width = map.width;
    fade.height = map.height;
    const ctx = fade.getContext('2d');
    if (!ctx) return false;
    ctx.drawImage(map, 0, 0);
    fade.style.left = `${map.offsetLeft}px`;
    fade.style.top = `${map.offsetTop}px`;
    fade.style.width = `${map.clientWidth}px`;
    fade.style.height = `${map.clientHeight}px`;
    fade.style.opacity = '1';
    fade.hidden = false;
    return true;
  };

  /** Run the transition into `step`; resolves when it has ended or was overtaken by another step change. */
  const transition = (step: DeckStep, options: StepOptions, mine: number): Promise<void> => {
    const from = app.state;
    const to = step.state;
    const t = step.transition;
    const duration = options.fast ? Math.min(FAST_MS, t.duration) : t.duration;
    const sameNet =
      from.model === to.model && JSON.stringify(from.architecture) === JSON.stringify(to.architecture);
    const camera = t.camera && cameraMoves(from.view, to.view);
    const k0 = t.reveal ? revealStart(from, to, sameNet) : null;
    let morphFrom: Network | null = null;
    let morphTo: Network | null = null;
    if (t.morph && !sameNet) {
      const b = networkOfState(app, to);
      if (b && sameShape(app.net, b)) {
        morphFrom = app.net;
        morphTo = b;
      }
    }
    const fading = t.fade && from.mode !== to.mode && snapshot();
    const finish = () => {
      fade.hidden = true;
      if (mine !== generation) return;
      moving = false;
      // The step's own state, exactly; the renderer gets the step's network back after a morph.
      app.applyState(to);
      unblend();
      app.requestRender();
    };
    if (duration <= 0 || !(camera || k0 !== null || morphTo || fading)) {
      finish();
      return Promise.resolve();
    }
    moving = true;
    const start = performance.now();
    let lastKey = '';
    return new Promise((resolve) => {
      const frame = (now: number) => {
        if (mine !== generation) {
          fade.hidden = true;
          resolve();
          return;
        }
        const lin = Math.min(1, (now - start) / duration);
        if (lin >= 1) {
          finish();
          resolve();
          return;
        }
        const u = ease(lin);
        const s: AppState = { ...to, view: camera ? tweenView(from.view, to.view, u) : to.view };
        if (k0 !== null) s.layer = revealAt(k0, to.layer, lin);
        // A state is applied (and a coarse frame drawn) only when the frame's view or k moved, or the weights
        // blend: a cross-fade alone keeps the full-resolution frame of the new mode beneath the snapshot.
        const key = `${s.view.x0},${s.view.x1},${s.view.y0},${s.view.y1},${s.layer}`;
        const changed = key !== lastKey || morphTo !== null;
        lastKey = key;
        if (fading) fade.style.opacity = String(1 - u);
        if (!changed) {
          requestAnimationFrame(frame);
          return;
        }
        if (!app.applyState(s)) {
          // Refused (an export runs): stop here, keeping what is drawn.
          moving = false;
          fade.hidden = true;
          unblend();
          resolve();
          return;
        }
        if (morphFrom && morphTo) {
          blended = true;
          if (app.renderer.setNetwork(blendNetworks(morphFrom, morphTo, u))) {
            // The blend could not be uploaded: show the step's network and stop morphing.
            unblend();
            morphTo = null;
          }
        }
        app.requestRender(morphTo !== null || camera);
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  };

  /** Apply step `i`'s `train` field once its transition is over (and no other step was entered since). */
  const train = async (step: DeckStep, i: number, mine: number): Promise<void> => {
    const t = step.train;
    if (t === undefined || mine !== generation) return;
    const where = `Deck step ${i + 1}: training`;
    if (!training) {
      app.notify('error', `${where} is not available on this page.`);
      return;
    }
    try {
      if (typeof t === 'string') await training.controlTraining(t);
      else await training.train({ steps: t.steps });
    } catch (e) {
      // The session has told the user already where it refused (a loaded model, no points, bad settings).
      if (mine === generation) app.notify('error', `${where}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const go = async (i: number, options: StepOptions = {}): Promise<void> => {
    if (!deck) return;
    index = Math.max(0, Math.min(deck.steps.length - 1, Math.floor(i)));
    const mine = ++generation;
    show();
    entered();
    const step = deck.steps[index]!;
    await transition(step, options, mine);
    await train(step, index, mine);
  };

  const load = async (input: unknown, name = 'the deck'): Promise<string[]> => {
    const r = parseDeck(input);
    if (!r.ok) {
      const shown =
        r.errors.slice(0, 8).join('\n') + (r.errors.length > 8 ? `\n… and ${r.errors.length - 8} more` : '');
      app.notify('error', `${name} was not loaded (the current state is kept):\n${shown}`);
      return r.errors;
    }
    deck = r.deck;
    source = name;
    index = 0;
    const mine = ++generation;
    show();
    entered();
    await transition(deck.steps[0]!, { fast: true }, mine);
    await train(deck.steps[0]!, 0, mine);
    return [];
  };

  const closeDeck = () => {
    generation++;
    moving = false;
    deck = null;
    fade.hidden = true;
    unblend();
    app.requestRender();
    show();
  };

  close.onclick = closeDeck;
  prev.onclick = () => void go(index - 1);
  next.onclick = () => void go(index + 1);
  const keys = pageKeymap();
  const loaded = () => deck !== null;
  keys.bind('deck.next', () => void go(index + 1), loaded);
  keys.bind('deck.prev', () => void go(index - 1), loaded);
  keys.bind('deck.close', closeDeck, loaded);
  deckFiles.open = (text, fileName) => void load(text, fileName);

  const fromUrl = async (ref: string) => {
    const builtin = /^builtin:(.+)$/.exec(ref);
    if (builtin) {
      const d = BUILTIN_DECKS[builtin[1]!];
      if (d) return void (await load(d, ref));
      app.notify(
        'error',
        `#deck=${ref}: no bundled deck of that name (there is ${Object.keys(BUILTIN_DECKS).join(', ')})`,
      );
      return;
    }
    // A file of the same site only: a path, never another origin.
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref)) {
      app.notify('error', `#deck=${ref}: give a bundled deck (builtin:story) or a path on this site`);
      return;
    }
    try {
      const res = await fetch(ref);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await load(await res.text(), ref);
    } catch (e) {
      app.notify('error', `#deck=${ref} could not be fetched: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const onHash = () => {
    const ref = deckRefOf(location.hash);
    if (ref !== null) void fromUrl(ref);
  };
  window.addEventListener('hashchange', onHash);
  // Loaded once the page has applied its first state (the defaults, for a deck hash), which also rewrites the URL.
  const initial = deckRefOf(location.hash);
  if (initial !== null) queueMicrotask(() => void fromUrl(initial));

  return {
    load,
    go,
    close: closeDeck,
    onStep: (fn) => void stepListeners.push(fn),
    info: () =>
      deck
        ? {
            title: deck.title,
            steps: deck.steps.length,
            index,
            caption: deck.steps[index]!.caption,
            hash: deck.steps[index]!.hash,
            moving,
            source,
          }
        : null,
  };
}
