/** The explorer page: wiring only. */
import { createApi, type ReluOrigamiApi } from './app/api.ts';
import { App } from './app/app.ts';
import { createTrainingApi, installTraining } from './app/training.ts';
import { fitAspect } from './engine/plane.ts';
import { decodeHash } from './state/hash.ts';
import { installExport } from './ui/exportPanel.ts';
import { installFiles } from './ui/files.ts';
import { installGui } from './ui/gui.ts';
import { installHud } from './ui/hud.ts';
import { installInteraction } from './ui/interaction.ts';
import { installMessages } from './ui/messages.ts';
import { installCanvasSize } from './ui/size.ts';
import { installTrainingPanel } from './ui/trainingPanel.ts';
import { installViews, type Views } from './views/install.ts';
import { stateSettings } from './views/settings.ts';

declare global {
  interface Window {
    /** The scripting API (see src/app/api.ts). */
    reluOrigami?: ReluOrigamiApi;
    /** The demo views (surface, 1-D, panels, tour); see src/views/install.ts. */
    reluOrigamiViews?: Views;
    /** Hooks for the browser tests: make the regions worker fail, to check that the failure is shown. */
    reluOrigamiTest?: { crashRegionsWorker(): void };
  }
}

const canvas = document.getElementById('view') as HTMLCanvasElement;
const decoded = decodeHash(location.hash);
const app = App.create(canvas, decoded.state);
if (typeof app === 'string') {
  document.getElementById('messages')!.textContent = app;
} else {
  const messages = installMessages(app);
  const size = installCanvasSize(app);
  installHud(app);
  installInteraction(app);
  const files = installFiles(app);
  const gui = installGui(app, files);
  const training = installTraining(app);
  installExport(app, gui);
  installTrainingPanel(app, training, gui);
  window.reluOrigamiViews = installViews(app, { host: stateSettings(app), gui });
  app.on('changed', (a) => history.replaceState(null, '', a.hash()));
  window.addEventListener('hashchange', () => {
    if (location.hash === app.hash()) return;
    const d = decodeHash(location.hash);
    if (d.errors.length)
      app.notify('error', `The URL hash had problems; defaults used:\n${d.errors.join('\n')}`);
    if (app.applyState(d.state)) app.requestRender();
    // Refused (an export is running, or nothing could be drawn): the address bar shows the state kept.
    else history.replaceState(null, '', app.hash());
  });
  window.reluOrigami = createApi(app, size.fix, messages, createTrainingApi(training));
  window.reluOrigamiTest = { crashRegionsWorker: () => app.regions.crashNextJobForTest('count') };
  canvas.addEventListener('webglcontextlost', (e) => {
    // preventDefault asks the browser to restore the context; the page then reloads with the same URL hash.
    e.preventDefault();
    app.notify(
      'error',
      'The WebGL context was lost; the page reloads (with the same state) once it is restored.',
    );
  });
  canvas.addEventListener('webglcontextrestored', () => location.reload());
  if (decoded.errors.length)
    app.notify('error', `The URL hash had problems; defaults used:\n${decoded.errors.join('\n')}`);
  // Without a view in the hash, the default view is widened along the canvas's longer side (square pixels).
  if (!/(^|[#&])view=/.test(location.hash)) decoded.state.view = fitAspect(decoded.state.view, canvas);
  // Applied once the listeners exist, so that a missing model or a bad plane is reported.
  app.applyState(decoded.state);
  app.requestRender();
}
