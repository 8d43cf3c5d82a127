/**
 * The test page of the demo views: an App on a canvas (no GUI, HUD or hash wiring) with the views installed
 * (and their own deck player, for the tour), exposed as window.reluViews for puppeteer.
 */
import { App } from '../../../src/app/app.ts';
import { decodeHash } from '../../../src/state/hash.ts';
import { installViews, type Views } from '../../../src/views/install.ts';
import { stateSettings } from '../../../src/views/settings.ts';

declare global {
  interface Window {
    /** The test page's app and views. */
    reluViews?: { app: App; views: Views; messages: string[] };
  }
}

const canvas = document.getElementById('view') as HTMLCanvasElement;
canvas.width = canvas.clientWidth;
canvas.height = canvas.clientHeight;
const app = App.create(canvas, decodeHash(location.hash).state);
if (typeof app === 'string') {
  document.getElementById('messages')!.textContent = app;
} else {
  const messages: string[] = [];
  app.on('message', (m) => messages.push(`${m.kind}: ${m.text}`));
  // The settings live in the app's state, as in the explorer, so that deck steps (the tour) switch the views.
  const views = installViews(app, { host: stateSettings(app) });
  app.renderNow(1);
  window.reluViews = { app, views, messages };
}
