/**
 * The settings of the demo views (which view is shown, the contour spacing, the cross-section segment),
 * behind a small host interface so that the views work the same whether the settings live in the app's
 * state (and URL hash) or, standalone, in a local object.
 */
import type { App } from '../app/app.ts';

/** The main view: the GPU map, the 3-D surface, or the 1-D view. */
export type ViewKind = 'map' | 'surface' | 'line';

/** The view kinds, in the order of the selector. */
export const VIEW_KINDS: readonly ViewKind[] = ['map', 'surface', 'line'];

/** True when `k` is a {@link ViewKind}. */
export function isViewKind(k: unknown): k is ViewKind {
  return typeof k === 'string' && (VIEW_KINDS as readonly string[]).includes(k);
}

/** The contour spacings the selectors offer, in their order: 0 (none), -1 (automatic), then fixed ones. */
export const CONTOUR_SPACINGS: readonly number[] = [0, -1, 0.05, 0.1, 0.25, 0.5, 1];

/** A segment of the (s, t) plane: [s0, t0, s1, t1]. */
export type Section = [number, number, number, number];

/** The settings of the views. */
export interface ViewSettings {
  /** The main view shown. */
  kind: ViewKind;
  /** Contour spacing of f on the map (0: no contours; negative: automatic, about 12 levels). */
  contours: number;
  /** The cross-section segment, or null (the 1-D view of a 2-D network then uses the view's midline). */
  section: Section | null;
}

/** Fresh default settings: the map, no contours, no section. */
export function defaultViewSettings(): ViewSettings {
  return { kind: 'map', contours: 0, section: null };
}

/** A deep copy of `v`. */
export function cloneViewSettings(v: ViewSettings): ViewSettings {
  return { ...v, section: v.section ? [...v.section] : null };
}

/** Where the settings live; `set` applies an edit and notifies the app's listeners (changed). */
export interface SettingsHost {
  /** The current settings (do not mutate; use set). */
  get(): ViewSettings;
  /** Apply `edit` to a copy of the settings and publish it. */
  set(edit: (v: ViewSettings) => void): void;
}

/**
 * Settings kept in a local object: `set` calls the app's `changed` listeners itself, without touching the
 * app's state (for pages that do not keep view settings in their state).
 */
export function localSettings(app: App, initial: ViewSettings = defaultViewSettings()): SettingsHost {
  let v = cloneViewSettings(initial);
  return {
    get: () => v,
    set(edit) {
      const next = cloneViewSettings(v);
      edit(next);
      v = next;
      app.emit('changed', app);
    },
  };
}

/** Settings kept in the app's state (AppState.views): changes go through app.update, hence the URL hash. */
export function stateSettings(app: App): SettingsHost {
  return {
    get: () => app.state.views,
    set(edit) {
      app.update((s) => edit(s.views));
    },
  };
}
