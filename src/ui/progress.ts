/**
 * The frame progress indicator: while a full-resolution frame is being drawn over several animation
 * frames, a line under the map says how far it is; while the canvas still holds the previous network's
 * picture (from a network change until the first frame of the new one), the map is dimmed and the line
 * says so, so the old picture is never shown as the new network's. Both are the map's: with another main
 * view (the surface, the 1-D view) the line stays down.
 */
import type { App } from '../app/app.ts';

/** Install the indicator (element `#frame-progress`, created here) and the stale mark of the canvas. */
export function installFrameProgress(app: App): HTMLElement {
  const el = document.createElement('div');
  el.id = 'frame-progress';
  el.hidden = true;
  el.setAttribute('role', 'status');
  document.body.append(el);
  let refining: number | null = null;
  const update = () => {
    const stale = !app.showsCurrentNetwork();
    app.renderer.canvas.classList.toggle('stale', stale);
    // The line speaks of the map: while the surface or the 1-D view is the main view, the map is hidden.
    el.hidden = (!stale && refining === null) || app.state.views.kind !== 'map';
    el.textContent = stale
      ? 'drawing the new network…'
      : `drawing at full resolution… ${Math.floor(100 * (refining ?? 0))}%`;
  };
  app.on('refining', (p) => {
    refining = p;
    update();
  });
  app.on('changed', update);
  app.on('drawn', update);
  update();
  return el;
}
