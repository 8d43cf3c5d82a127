/** The App's events and the messages it shows the user. */
import type { App } from './app.ts';
import type { ExactResult } from './exact.ts';

/** Something the UI shows: an error or a notice, with the text the user reads. */
export interface AppMessage {
  /** 'error' for things that went wrong (the state was kept), 'info' otherwise. */
  kind: 'error' | 'info';
  /** Full-sentence message. */
  text: string;
}

/** The events of the App and the arguments each listener gets; subscribe with {@link App.on}. */
export interface AppEvents {
  /** The state (or the network) changed. */
  changed: (app: App) => void;
  /** A message for the user. */
  message: (m: AppMessage) => void;
  /** A frame was drawn (reduction 1: full resolution). */
  drawn: (app: App, reduction: number) => void;
  /** The exact count of the view changed (null: computing). */
  exact: (r: ExactResult | null) => void;
  /** The exact count in progress has this many regions so far, in this fraction of the view (0 to 1). */
  progress: (regions: number, fraction: number) => void;
  /** The full-resolution frame in progress is this fraction drawn (0 to 1), or none is (null). */
  refining: (done: number | null) => void;
}

/** The name of an App event. */
export type AppEvent = keyof AppEvents;
