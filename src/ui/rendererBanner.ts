/**
 * The renderer banner: while the CPU renderer draws the map (no WebGL2, a program that failed, a lost
 * context, a view too deep for float32), a line at the top of the page says so and why; hidden otherwise.
 */
import type { App } from '../app/app.ts';
import { choiceOf } from '../render/cpu/fallback.ts';

/** Show the renderer in use in a banner (#renderer-banner, made here), updated after every frame. */
export function installRendererBanner(app: App): HTMLElement {
  const el = document.createElement('div');
  el.id = 'renderer-banner';
  el.setAttribute('role', 'status');
  el.hidden = true;
  document.body.append(el);
  const update = () => {
    const c = choiceOf(app.renderer);
    el.hidden = c.renderer !== 'cpu';
    el.textContent = c.reason ? `Drawn on the CPU (float64): ${c.reason}.` : '';
  };
  app.on('drawn', update);
  app.on('message', update);
  update();
  return el;
}
