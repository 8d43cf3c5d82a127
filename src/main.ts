/** The explorer page: wiring only. */
import { createApi, type ReluOrigamiApi } from './app/api.ts';
import { App } from './app/app.ts';
import { rendererOptionsOf } from './app/renderers.ts';
import { createTrainingApi, installTraining } from './app/training.ts';
import { decodeHash } from './state/hash.ts';
import { installAxesLayer } from './ui/axesLayer.ts';
import { installDataLayer } from './ui/dataLayer.ts';
import { type DeckApi, deckApi } from './ui/deckApi.ts';
import { deckRefOf, installDeckPlayer } from './ui/deckPlayer.ts';
import { installExport } from './ui/exportPanel.ts';
import { installFiles } from './ui/files.ts';
import { installGui } from './ui/gui.ts';
import { installKeyHelp } from './ui/help.ts';
import { installHud } from './ui/hud.ts';
import { installInteraction } from './ui/interaction.ts';
import { installLayout } from './ui/layout.ts';
import { addLookFolder } from './ui/lookPanel.ts';
import { installMessages } from './ui/messages.ts';
import { installPlaneImages } from './ui/planeImages.ts';
import { installPlanePanel } from './ui/planePanel.ts';
import { installPresentation } from './ui/present.ts';
import { installFrameProgress } from './ui/progress.ts';
import { installRendererBanner } from './ui/rendererBanner.ts';
import { installShare } from './ui/share.ts';
import { installCanvasSize } from './ui/size.ts';
import { installTrainingPanel } from './ui/trainingPanel.ts';
import { installViews, type Views } from './views/install.ts';
import { stateSettings } from './views/settings.ts';

declare global {
  interface Window {
    /** The scripting API (see src/app/api.ts). */
    reluOrigami?: ReluOrigamiApi & DeckApi;
    /** The demo views (surface, 1-D, panels, tour); see src/views/install.ts. */
    reluOrigamiViews?: Views;
    /** Hooks for the browser tests: make the regions worker fail, to check that the failure is shown. */
    reluOrigamiTest?: { crashRegionsWorker(): void };
  }
}

const canvas = document.getElementById('view') as HTMLCanvasElement;
// A `#deck=` hash names a deck, not a state: the page starts from the defaults and the deck player takes it.
const decoded = decodeHash(deckRefOf(location.hash) === null ? location.hash : '');
const app = App.create(canvas, decoded.state, rendererOptionsOf(location.search));
{
  const messages = installMessages(app);
  const size = installCanvasSize(app);
  installHud(app);
  installFrameProgress(app);
  installInteraction(app);
  const files = installFiles(app);
  const gui = installGui(app, files);
  installPlanePanel(app, gui);
  installPlaneImages(app);
  const training = installTraining(app);
  const trainingApi = createTrainingApi(training);
  installShare(app, installExport(app, gui));
  const presentation = installPresentation(app);
  installKeyHelp();
  // Before the views: its Shift-click handler must run before the cross-section drag's.
  installDataLayer(app, gui);
  // One deck player for the decks and the guided tour (the bundled deck builtin:tour).
  const deck = installDeckPlayer(
    app,
    presentation,
    app.renderer.canvas.parentElement ?? document.body,
    trainingApi,
  );
  window.reluOrigamiViews = installViews(app, { host: stateSettings(app), gui, deck });
  installTrainingPanel(app, training, gui, window.reluOrigamiViews.dock);
  const layout = installLayout(app, gui, window.reluOrigamiViews.dock.element);
  addLookFolder(app, gui, layout);
  installAxesLayer(app, layout.docked);
  app.on('changed', (a) => history.replaceState(null, '', a.hash()));
  window.addEventListener('hashchange', () => {
    if (location.hash === app.hash() || deckRefOf(location.hash) !== null) return;
    const d = decodeHash(location.hash);
    if (d.errors.length)
      app.notify('error', `The URL hash had problems; defaults used:\n${d.errors.join('\n')}`);
    if (app.applyState(d.state, false, true)) app.requestRender();
    // Refused (an export is running, or nothing could be drawn): the address bar shows the state kept.
    else history.replaceState(null, '', app.hash());
  });
  window.reluOrigami = Object.assign(createApi(app, size.fix, messages, trainingApi), deckApi(app, deck));
  window.reluOrigamiTest = { crashRegionsWorker: () => app.regions.crashNextJobForTest('stream') };
  // A lost WebGL context is handled by the renderer (render/cpu/fallback.ts): the CPU draws until it is
  // restored, then the GL resources are rebuilt; the page and its state stay.
  installRendererBanner(app);
  if (decoded.errors.length)
    app.notify('error', `The URL hash had problems; defaults used:\n${decoded.errors.join('\n')}`);
  // Applied once the listeners exist, so that a missing model or a bad plane is reported; the view (the
  // link's or the default) is fitted to the canvas, so that its pixels are square.
  size.sync();
  app.applyState(decoded.state, false, true);
  app.requestRender();
}
