/**
 * Square pixels after a resize: when the canvas changes size (window resize, the side panel hidden, the dock
 * opened), the view keeps its centre and its smaller extent, and the other extent follows the canvas's
 * aspect (engine/plane.ts refitAspect). Every other way a view is set fits it with App.applyState's `fit`.
 */
import { refitAspect } from '../engine/plane.ts';
import type { App } from './app.ts';

/**
 * Refit `app`'s view to its canvas (see the file's comment). Does nothing while an export runs (the state is
 * frozen), for a one-input network (its map ignores y), or when the pixels are already square within 1e-12.
 * Returns true when the view changed.
 */
export function refitView(app: App): boolean {
  if (app.exporting || app.net.inputDim < 2) return false;
  const v = app.state.view;
  const c = app.renderer.canvas;
  if (!(c.width > 0) || !(c.height > 0)) return false;
  const sx = (v.x1 - v.x0) / c.width;
  const sy = (v.y1 - v.y0) / c.height;
  if (Math.abs(sx - sy) <= 1e-12 * sx) return false;
  return app.update((s) => {
    s.view = refitAspect(s.view, c);
  });
}
