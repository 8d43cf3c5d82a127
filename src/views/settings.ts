/**
 * The host of the demo views' settings (src/state/viewSettings.ts): a small interface so that the views work
 * the same whether the settings live in the app's state (and URL hash) or, standalone, in a local object.
 */
import type { App } from '../app/app.ts';
import { cloneViewSettings, defaultViewSettings, type ViewSettings } from '../state/viewSettings.ts';

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
