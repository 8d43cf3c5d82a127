/**
 * The settings of the demo views that the state serialises (AppState.views, the URL hash): which main view
 * is shown, the contour spacing of f and the cross-section segment. The views room reads and edits them
 * through its settings host (src/views/settings.ts).
 */

/** The main view: the GPU map, the 3-D surface, or the 1-D view. */
export type ViewKind = 'map' | 'surface' | 'line';

/** The view kinds, in the order of the selector. */
export const VIEW_KINDS: readonly ViewKind[] = ['map', 'surface', 'line'];

/** True when `k` is a {@link ViewKind}; false for any other value. */
export function isViewKind(k: unknown): k is ViewKind {
  return typeof k === 'string' && (VIEW_KINDS as readonly string[]).includes(k);
}

/** The contour spacings the selectors offer, in their order: 0 (none), -1 (automatic), then fixed ones. */
export const CONTOUR_SPACINGS: readonly number[] = [0, -1, 0.05, 0.1, 0.25, 0.5, 1];

/** A segment of the (s, t) plane: [s0, t0, s1, t1], in plane coordinates. */
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

/** A deep copy of `v` (the section array is copied, so edits of the copy leave `v` as it was). */
export function cloneViewSettings(v: ViewSettings): ViewSettings {
  return { ...v, section: v.section ? [...v.section] : null };
}
