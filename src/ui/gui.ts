/**
 * The lil-gui panel, bound to a plain object mirrored from AppState: every change goes through
 * app.update (which validates, redraws and, through main.ts, writes the URL hash).
 */
import GUI, { type Controller } from 'lil-gui';
import type { App } from '../app/app.ts';
import { ACTIVATIONS, type ActivationName } from '../engine/activations.ts';
import { INIT_SCHEMES, type InitScheme } from '../engine/init.ts';
import { DEFAULT_VIEW } from '../state/appState.ts';
import { COLOUR_MODES, COMPLEXITY_UNITS, type ColourMode, type ComplexityUnit } from '../state/colourMode.ts';
import { LIMITS } from '../state/hash.ts';
import type { FileActions } from './files.ts';

/** Parse "16, 16, 8" into hidden widths, or return an error message. */
export function parseHiddenWidths(text: string): number[] | string {
  const parts = text.split(/[\s,x-]+/).filter((p) => p !== '');
  const w = parts.map(Number);
  if (w.length === 0 || w.length > LIMITS.maxHiddenLayers)
    return `give 1 to ${LIMITS.maxHiddenLayers} hidden widths, e.g. 16, 16`;
  for (const x of w) {
    if (!Number.isInteger(x) || x < 1 || x > LIMITS.maxWidth)
      return `widths must be integers from 1 to ${LIMITS.maxWidth}`;
  }
  return w;
}

/** Install the panel. */
export function installGui(app: App, files: FileActions): GUI {
  const gui = new GUI({ title: 'ReLU Origami', injectStyles: false });
  const p = {
    hidden: '',
    inputs: 2,
    outputs: 1,
    activation: 'relu' as ActivationName,
    alpha: 0.01,
    init: 'he' as InitScheme,
    seed: 1,
    weightScale: 1,
    mode: 'regions' as ColourMode,
    layer: 1,
    output: -1,
    boundaries: true,
    polygons: false,
    probe: false,
    probeLayer: 0,
    probeIndex: 0,
    lcRadius: 8,
    lcUnits: 'pixels' as ComplexityUnit,
    resetView: () =>
      app.update(
        (s) => {
          s.view = { ...DEFAULT_VIEW, plane: s.view.plane };
        },
        false,
        true,
      ),
    generated: () =>
      app.update((s) => {
        s.model = null;
        s.view.plane = null;
        s.planeSpec = null;
      }),
    load: () => files.open(),
    save: () => files.save(),
  };
  const net = gui.addFolder('Network');
  const controllers: Controller[] = [];
  const arch = (edit: () => void) =>
    app.update((s) => {
      edit();
      s.model = null;
      const a = s.architecture;
      const hidden = parseHiddenWidths(p.hidden);
      if (typeof hidden === 'string') {
        app.notify('error', hidden);
        return;
      }
      if (a.widths[0] !== p.inputs) s.planeSpec = null;
      a.widths = [p.inputs, ...hidden, p.outputs];
      a.activation = p.activation;
      a.alpha = p.alpha;
      a.init = p.init;
      a.seed = p.seed;
      a.weightScale = p.weightScale;
      if (p.inputs !== 2) s.view.plane = null;
    });
  controllers.push(
    net
      .add(p, 'hidden')
      .name('hidden widths')
      .onFinishChange(() => arch(() => {})),
    net.add(p, 'inputs', 1, LIMITS.maxInputDim, 1).onFinishChange(() => arch(() => {})),
    net.add(p, 'outputs', 1, LIMITS.maxOutputDim, 1).onFinishChange(() => arch(() => {})),
    net.add(p, 'activation', [...ACTIVATIONS]).onChange(() => arch(() => {})),
    net
      .add(p, 'alpha', -1, 1, 0.01)
      .name('alpha (leaky, prelu)')
      .onFinishChange(() => arch(() => {})),
    net.add(p, 'init', [...INIT_SCHEMES]).onChange(() => arch(() => {})),
    net.add(p, 'seed', 0, 9999, 1).onFinishChange(() => arch(() => {})),
    net
      .add(p, 'weightScale', 0.05, 4, 0.05)
      .name('weight scale')
      .onFinishChange(() => arch(() => {})),
  );
  net.add(p, 'generated').name('use generated network');
  net.add(p, 'load').name('load model…');
  net.add(p, 'save').name('save model');
  const view = gui.addFolder('View');
  const set = (edit: (s: typeof app.state) => void) => () => app.update(edit);
  controllers.push(
    view.add(p, 'mode', [...COLOUR_MODES]).onChange(set((s) => (s.mode = p.mode))),
    view
      .add(p, 'layer', 1, LIMITS.maxHiddenLayers + 1, 1)
      .name('layer k')
      .onChange(set((s) => (s.layer = p.layer))),
    view
      .add(p, 'output', -1, LIMITS.maxOutputDim - 1, 1)
      .name('output (-1 argmax)')
      .onChange(set((s) => (s.output = p.output))),
    view.add(p, 'boundaries').onChange(set((s) => (s.boundaries = p.boundaries))),
    view
      .add(p, 'polygons')
      .name('exact polygons')
      .onChange(set((s) => (s.polygons = p.polygons))),
  );
  const probe = () => set((s) => (s.probe = p.probe ? [p.probeLayer, p.probeIndex] : null))();
  controllers.push(
    view.add(p, 'probe').name('neuron zero set').onChange(probe),
    view.add(p, 'probeLayer', 0, LIMITS.maxHiddenLayers, 1).name('neuron layer').onChange(probe),
    view
      .add(p, 'probeIndex', 0, LIMITS.maxWidth - 1, 1)
      .name('neuron index')
      .onChange(probe),
  );
  controllers.push(
    view
      .add(p, 'lcRadius', 0.001, 64)
      .name('complexity radius')
      .onFinishChange(set((s) => (s.lcRadius = p.lcRadius > 0 ? p.lcRadius : s.lcRadius))),
    view
      .add(p, 'lcUnits', [...COMPLEXITY_UNITS])
      .name('radius units')
      .onChange(set((s) => (s.lcUnits = p.lcUnits))),
  );
  view.add(p, 'resetView').name('reset view (r)');
  const pull = () => {
    const s = app.state;
    const a = s.architecture;
    p.hidden = a.widths.slice(1, -1).join(', ');
    p.inputs = a.widths[0]!;
    p.outputs = a.widths[a.widths.length - 1]!;
    Object.assign(p, {
      activation: a.activation,
      alpha: a.alpha,
      init: a.init,
      seed: a.seed,
      weightScale: a.weightScale,
    });
    Object.assign(p, {
      mode: s.mode,
      layer: s.layer,
      output: s.output,
      boundaries: s.boundaries,
      polygons: s.polygons,
      lcRadius: s.lcRadius,
      lcUnits: s.lcUnits,
    });
    p.probe = s.probe !== null;
    if (s.probe) [p.probeLayer, p.probeIndex] = s.probe;
    for (const c of controllers) c.updateDisplay();
  };
  app.on('changed', pull);
  pull();
  return gui;
}
