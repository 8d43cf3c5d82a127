/**
 * The explorer's keys: one table of bindings (keys, action, description, context) and one `keydown`
 * listener that dispatches each key press to the first enabled binding. The modules that own an action
 * (interaction, views, map overlay, export) attach its handler with `Keymap.bind`; the help overlay lists
 * the table with `Keymap.list`.
 *
 * A key may appear in several contexts, and then has one meaning at a time: the contexts are tried in the
 * order of `KEY_CONTEXTS`, and within a context a binding applies only while its handler is bound and its
 * `enabled` predicate (given to `bind`) holds. Escape therefore cancels a running export, else clears the
 * drawn section, else unpins the pinned region.
 */

/**
 * When a binding applies, highest priority first: `export` while a PNG export runs, `help` while the key
 * help is open, `present` in the presentation mode, `deck` while a deck is loaded, `section` while a section
 * segment is drawn on the map, `view` always.
 */
export const KEY_CONTEXTS = ['export', 'help', 'present', 'deck', 'section', 'view'] as const;

/** One of `KEY_CONTEXTS`. */
export type KeyContext = (typeof KEY_CONTEXTS)[number];

/** The actions the keys trigger; each module that owns one binds its handler under this name. */
export type ActionId =
  | 'export.cancel'
  | 'section.clear'
  | 'region.unpin'
  | 'view.panLeft'
  | 'view.panRight'
  | 'view.panUp'
  | 'view.panDown'
  | 'view.zoomIn'
  | 'view.zoomOut'
  | 'view.reset'
  | 'draw.boundaries'
  | 'draw.polygons'
  | 'mode.regions'
  | 'mode.gradient'
  | 'mode.output'
  | 'mode.layer'
  | 'views.cycle'
  | 'help.close'
  | 'help.toggle'
  | 'present.toggle'
  | 'present.exit'
  | 'present.black'
  | 'present.spotlight'
  | 'present.newSeed'
  | 'network.newSeed'
  | 'share.copy'
  | 'layout.side'
  | 'mode.complexity'
  | 'data.edit'
  | 'deck.next'
  | 'deck.prev'
  | 'deck.close'
  | 'video.record'
  | 'training.toggle'
  | 'training.step'
  | 'training.reset';

/** One row of the key table. */
export interface KeyBinding {
  /** The `KeyboardEvent.key` values that trigger the action (any one of them), e.g. `['+', '=']`. */
  readonly keys: readonly string[];
  /** The action triggered. */
  readonly action: ActionId;
  /** What the key does, as a full sentence for the help overlay. */
  readonly description: string;
  /** When the binding applies; see `KEY_CONTEXTS` for the priority. */
  readonly context: KeyContext;
  /** True when the key works even while the focus is in a text field or a select. */
  readonly inFields?: boolean;
}

/** The key table, in the order the help overlay lists it. */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  {
    keys: ['Escape'],
    action: 'export.cancel',
    description: 'Cancel the running PNG export.',
    context: 'export',
    inFields: true,
  },
  {
    keys: ['Escape'],
    action: 'section.clear',
    description: 'Clear the section segment drawn on the map.',
    context: 'section',
  },
  { keys: ['Escape'], action: 'region.unpin', description: 'Unpin the pinned region.', context: 'view' },
  {
    keys: ['ArrowLeft'],
    action: 'view.panLeft',
    description: 'Move the view left by a tenth of its width.',
    context: 'view',
  },
  {
    keys: ['ArrowRight'],
    action: 'view.panRight',
    description: 'Move the view right by a tenth of its width.',
    context: 'view',
  },
  {
    keys: ['ArrowUp'],
    action: 'view.panUp',
    description: 'Move the view up by a tenth of its height.',
    context: 'view',
  },
  {
    keys: ['ArrowDown'],
    action: 'view.panDown',
    description: 'Move the view down by a tenth of its height.',
    context: 'view',
  },
  {
    keys: ['+', '='],
    action: 'view.zoomIn',
    description: 'Zoom in by a factor of two about the centre of the view.',
    context: 'view',
  },
  {
    keys: ['-'],
    action: 'view.zoomOut',
    description: 'Zoom out by a factor of two about the centre of the view.',
    context: 'view',
  },
  {
    keys: ['r', '0'],
    action: 'view.reset',
    description: 'Reset the view to the default window, keeping the plane.',
    context: 'view',
  },
  {
    keys: ['b'],
    action: 'draw.boundaries',
    description: 'Show or hide the region boundaries.',
    context: 'view',
  },
  {
    keys: ['p'],
    action: 'draw.polygons',
    description: 'Show or hide the exact region polygons.',
    context: 'view',
  },
  {
    keys: ['1'],
    action: 'mode.regions',
    description: 'Colour the map by region.',
    context: 'view',
  },
  {
    keys: ['2'],
    action: 'mode.gradient',
    description: 'Colour the map by the gradient norm of the output.',
    context: 'view',
  },
  {
    keys: ['3'],
    action: 'mode.output',
    description: 'Colour the map by the output value.',
    context: 'view',
  },
  {
    keys: ['4'],
    action: 'mode.layer',
    description: 'Colour the map by the regions after the first k layers (k is set in the panel).',
    context: 'view',
  },
  {
    keys: ['5'],
    action: 'mode.complexity',
    description: 'Colour the map by local complexity (neurons whose zero set passes nearby).',
    context: 'view',
  },
  {
    keys: ['v'],
    action: 'views.cycle',
    description: 'Switch the main view to the next of map, 3-D surface and 1-D section.',
    context: 'view',
  },
  { keys: ['Escape', '?'], action: 'help.close', description: 'Close the key help.', context: 'help' },
  { keys: ['?'], action: 'help.toggle', description: 'Show the key help (this list).', context: 'view' },
  {
    keys: ['f'],
    action: 'present.toggle',
    description: 'Enter or leave the presentation mode: full screen, panels hidden, a large HUD and caption.',
    context: 'view',
  },
  {
    keys: ['Escape'],
    action: 'present.exit',
    description: 'Leave the presentation mode.',
    context: 'present',
  },
  {
    keys: ['b', '.'],
    action: 'present.black',
    description: 'Black the screen out, or bring the picture back.',
    context: 'present',
  },
  {
    keys: ['s'],
    action: 'present.spotlight',
    description: 'Turn the cursor spotlight on or off.',
    context: 'present',
  },
  {
    keys: ['r'],
    action: 'present.newSeed',
    description: 'Draw a new network in the presentation mode: the next seed of the same architecture.',
    context: 'present',
  },
  {
    keys: ['R'],
    action: 'network.newSeed',
    description: 'Draw a new network: the next seed of the same architecture.',
    context: 'view',
  },
  {
    keys: ['l'],
    action: 'share.copy',
    description: 'Copy a link to this picture (the URL with the whole state) to the clipboard.',
    context: 'view',
  },
  {
    keys: ['h'],
    action: 'layout.side',
    description: 'Hide or show the side panel (the HUD and the settings).',
    context: 'view',
  },
  {
    keys: ['e'],
    action: 'data.edit',
    description: 'Turn the data editor on or off (clicks add and remove points).',
    context: 'view',
  },
  {
    keys: ['PageDown', 'ArrowRight', ' '],
    action: 'deck.next',
    description: 'Go to the next step of the loaded deck.',
    context: 'deck',
  },
  {
    keys: ['PageUp', 'ArrowLeft'],
    action: 'deck.prev',
    description: 'Go back to the previous step of the loaded deck.',
    context: 'deck',
  },
  { keys: ['Escape'], action: 'deck.close', description: 'Close the loaded deck.', context: 'deck' },
  {
    keys: ['V'],
    action: 'video.record',
    description: 'Start a video recording of the map, or stop it and download the WebM file.',
    context: 'view',
  },
  { keys: ['t'], action: 'training.toggle', description: 'Start or pause training.', context: 'view' },
  { keys: ['n'], action: 'training.step', description: 'Train one step (pausing first).', context: 'view' },
  { keys: ['T'], action: 'training.reset', description: 'Reset training to its step 0.', context: 'view' },
];

/** The parts of a `KeyboardEvent` the keymap reads; a plain object serves in tests. */
export interface KeyEventLike {
  /** The `KeyboardEvent.key` value. */
  readonly key: string;
  /** The element the event is aimed at, or null. */
  readonly target: unknown;
  /** Modifier flags; a press with Ctrl, Meta or Alt held triggers nothing (absent: not held). */
  readonly ctrlKey?: boolean;
  /** See `ctrlKey`. */
  readonly metaKey?: boolean;
  /** See `ctrlKey`. */
  readonly altKey?: boolean;
  /** Called when a binding handles the event. */
  preventDefault(): void;
}

/** What the keymap listens on: `window` in the page, a fake in tests. */
export interface KeyEventSource {
  /** Adds the keymap's `keydown` listener. */
  addEventListener(type: 'keydown', listener: (e: KeyEventLike) => void): void;
  /** Removes it (`Keymap.dispose`). */
  removeEventListener(type: 'keydown', listener: (e: KeyEventLike) => void): void;
}

/** A bound handler of an action, with the predicate that says when it applies. */
interface Bound {
  readonly handler: (e: KeyEventLike) => void;
  readonly enabled: () => boolean;
}

/**
 * True when `target` is a text field, a select or an editable element, where the keys belong to the
 * field; false for null, non-elements and every other element.
 */
export function isFieldTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const t = target as { tagName?: unknown; isContentEditable?: unknown };
  if (t.isContentEditable === true) return true;
  const tag = typeof t.tagName === 'string' ? t.tagName.toUpperCase() : '';
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
}

/**
 * One keydown listener on `source` that dispatches to the bindings of `table`. A key press goes to the
 * first binding, by context priority then table order, whose keys include the pressed key, whose action
 * has a bound handler and whose `enabled` predicate holds; the event's default is then prevented. Presses
 * with Ctrl, Meta or Alt held, and presses aimed at a field (unless the binding says `inFields`), trigger
 * nothing.
 */
export class Keymap {
  private readonly handlers = new Map<ActionId, Bound[]>();
  private readonly ordered: readonly KeyBinding[];
  private readonly listener = (e: KeyEventLike) => void this.dispatch(e);

  /** Listen on `source` with the bindings of `table` (the explorer's table by default). */
  constructor(
    private readonly source: KeyEventSource,
    private readonly table: readonly KeyBinding[] = KEY_BINDINGS,
  ) {
    const rank = (b: KeyBinding) => KEY_CONTEXTS.indexOf(b.context);
    this.ordered = [...table].sort((a, b) => rank(a) - rank(b));
    source.addEventListener('keydown', this.listener);
  }

  /**
   * Attach `handler` to `action`, applying while `enabled()` holds (always by default). When an action is
   * bound more than once, the latest attached handler whose predicate holds serves. Returns a function that detaches
   * this handler; calling it again does nothing.
   */
  bind(
    action: ActionId,
    handler: (e: KeyEventLike) => void,
    enabled: () => boolean = () => true,
  ): () => void {
    const entry: Bound = { handler, enabled };
    const list = this.handlers.get(action) ?? [];
    list.push(entry);
    this.handlers.set(action, list);
    return () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /**
   * Handle one key press as the listener does. Returns the action that handled it, or null when no binding
   * applied (the event is then left alone).
   */
  dispatch(e: KeyEventLike): ActionId | null {
    if (e.ctrlKey || e.metaKey || e.altKey) return null;
    const inField = isFieldTarget(e.target);
    for (const b of this.ordered) {
      if (!b.keys.includes(e.key) || (inField && !b.inFields)) continue;
      const bound = this.active(b.action);
      if (!bound) continue;
      e.preventDefault();
      bound.handler(e);
      return b.action;
    }
    return null;
  }

  /** The latest attached handler of `action` whose predicate holds, or undefined. */
  private active(action: ActionId): Bound | undefined {
    const list = this.handlers.get(action) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.enabled()) return list[i];
    return undefined;
  }

  /** The key table, in its declared order, for a help overlay. */
  list(): readonly KeyBinding[] {
    return this.table;
  }

  /** Remove the keydown listener; bound handlers stay but never run again. */
  dispose(): void {
    this.source.removeEventListener('keydown', this.listener);
  }
}

let shared: Keymap | null = null;

/** The page's keymap, listening on `window`; created on the first call. Needs a DOM. */
export function pageKeymap(): Keymap {
  shared ??= new Keymap(window as unknown as KeyEventSource);
  return shared;
}
