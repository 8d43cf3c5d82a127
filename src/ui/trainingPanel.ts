/**
 * The training panel: play, pause, one step, reset and the speed; the status line (step, loss, accuracy,
 * the latest exact region count, "≥ N" when capped); the charts; and the timeline scrubber, which shows
 * the map at an earlier snapshot (play or step then resumes from there). The dataset and optimiser settings
 * are a lil-gui folder (they live in the state and the URL hash). Built with DOM calls only (no HTML
 * strings), styled by src/styles/training.css.
 */
import type GUI from 'lil-gui';
import type { App } from '../app/app.ts';
import { SPEEDS, type TrainingSession } from '../app/trainingSession.ts';
import { formatCount, formatNumber, formatPercent, HUD_STYLE } from '../engine/format.ts';
import { DATASETS } from '../engine/train/datasets.ts';
import { OPTIMIZERS } from '../engine/train/optimizers.ts';
import { USER_DATASET } from '../state/training.ts';
import type { Dock } from '../views/dock.ts';
import { pageKeymap } from './keymap.ts';
import { TrainingCharts } from './trainingCharts.ts';

/**
 * How often the charts are redrawn at most while training runs, in milliseconds (a redraw of three uPlot
 * charts costs the page tens of milliseconds on a slow machine, time the live map needs).
 */
const CHART_INTERVAL_MS = 1000;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text) e.textContent = text;
  return e;
}

/**
 * Install the training panel as the `training` tab of `dock` (so that it never covers the map) and the
 * "Training" folder of `gui`, with a button that shows the tab, for `session` on `app`.
 */
export function installTrainingPanel(app: App, session: TrainingSession, gui: GUI, dock: Dock): void {
  installTrainingFolder(app, gui, () => dock.show('training'));
  const panel = el('div', 'training-panel');
  const summary = el('div', 'training-title', 'Training');
  const bar = el('div', 'training-bar');
  const play = el('button', '', 'play');
  const step = el('button', '', 'step');
  const reset = el('button', '', 'reset');
  const speed = el('select', '');
  for (const s of SPEEDS) {
    const o = document.createElement('option');
    o.value = String(s);
    o.textContent = Number.isFinite(s) ? `${s} steps/update` : 'max speed';
    speed.append(o);
  }
  speed.value = String(session.speed);
  speed.title = 'steps trained between two updates of the map';
  bar.append(play, step, reset, speed);
  const status = el('div', 'training-status', 'step 0');
  const dataLine = el('div', 'training-data');
  const modelLine = el('div', 'training-data');
  const charts = el('div', 'training-charts');
  const scrub = el('input', 'training-scrub');
  scrub.type = 'range';
  scrub.min = '0';
  scrub.max = '0';
  scrub.step = String(session.cadence.snapshotEvery);
  scrub.title = 'view an earlier step (play or step resumes from there)';
  const scrubLabel = el('div', 'training-scrub-label');
  panel.append(summary, bar, status, dataLine, modelLine, scrub, scrubLabel, charts);
  dock.addTab('training', panel);
  const chart = new TrainingCharts(charts, 320);

  const toggle = () => (session.status().playing ? session.pause() : session.play());
  play.onclick = toggle;
  step.onclick = () => session.step(1);
  reset.onclick = () => session.reset();
  speed.onchange = () => {
    session.speed = Number(speed.value);
  };
  scrub.oninput = () => session.viewAt(Number(scrub.value));
  const keys = pageKeymap();
  keys.bind('training.toggle', toggle);
  keys.bind('training.step', () => session.step(1));
  keys.bind('training.reset', () => session.reset());

  let chartTimer: ReturnType<typeof setTimeout> | null = null;
  const drawCharts = () => {
    chartTimer = null;
    chart.marked = session.status().viewing;
    chart.update(session.timeline);
  };
  const refresh = () => {
    const s = session.status();
    play.textContent = s.playing ? 'pause' : s.viewing !== null ? 'play from here' : 'play';
    const m = s.metrics;
    const parts = [`step ${s.step}`];
    if (s.viewing === null && m) {
      parts.push(`loss ${formatNumber(m.trainLoss, HUD_STYLE)}`);
      if (m.testLoss !== null) parts.push(`test ${formatNumber(m.testLoss, HUD_STYLE)}`);
      if (m.trainAccuracy !== null) parts.push(`acc ${formatPercent(m.trainAccuracy)}`);
      if (m.testAccuracy !== null) parts.push(`test ${formatPercent(m.testAccuracy)}`);
    }
    const c = s.viewing !== null ? session.timeline.regions.atOrBefore(s.viewing) : s.regions;
    if (c) parts.push(`regions ${c.complete ? '' : '≥ '}${formatCount(c.count)} (step ${c.step})`);
    status.textContent = s.error ? `training: ${s.error}` : parts.join('  ');
    dataLine.textContent = dataText(app, s.data);
    modelLine.textContent = modelText(app);
    scrub.max = String(s.latestStep);
    scrub.value = String(s.viewing ?? s.latestStep);
    scrubLabel.textContent =
      s.viewing !== null ? `viewing step ${s.viewing} of ${s.latestStep}` : `latest step ${s.latestStep}`;
    if (!chartTimer) chartTimer = setTimeout(drawCharts, s.playing ? CHART_INTERVAL_MS : 0);
  };
  session.onChange(refresh);
  app.on('changed', () => {
    modelLine.textContent = modelText(app);
  });
  refresh();
}

/** The panel's line on what the run trains on; for user data, that a link does not carry the points. */
function dataText(app: App, d: { user: boolean; train: number; test: number } | null): string {
  const t = app.state.training;
  if (t.dataset !== USER_DATASET)
    return d
      ? `data: ${t.dataset} (${d.train} train, ${d.test} test points; in the link)`
      : `data: ${t.dataset}`;
  const counts = d ? ` (${d.train} train, ${d.test} test)` : '';
  return `data: the points on the map${counts}; a link says data=user but does not carry the points`;
}

/**
 * The panel's line on the network a run trains: the generated one (in the link), or a loaded model, whose
 * weights a link does not carry (it names the model, which must be loaded to reproduce the run).
 */
function modelText(app: App): string {
  const name = app.state.model;
  if (name === null) return 'network: the generated network of the architecture (in the link)';
  return `network: the model "${name}" from its file's weights; a link says model=${encodeURIComponent(name)} but does not carry the weights`;
}

/**
 * The "Training" folder of `gui`: a button that shows the training panel (`showPanel`), and the dataset and
 * optimiser settings, bound to the state through app.update.
 */
function installTrainingFolder(app: App, gui: GUI, showPanel: () => void): void {
  const folder = gui.addFolder('Training');
  folder.add({ showPanel }, 'showPanel').name('training panel (play, charts)…');
  const p = { ...app.state.training };
  const set = () =>
    app.update((s) => {
      s.training = { ...p };
    });
  const controllers = [
    folder
      .add(p, 'dataset', [...DATASETS, USER_DATASET])
      .name('dataset (user: the map)')
      .onChange(set),
    folder.add(p, 'noise', 0, 0.5, 0.01).onFinishChange(set),
    folder.add(p, 'points', 10, 2000, 10).onFinishChange(set),
    folder.add(p, 'split', 0.1, 1, 0.05).name('train fraction').onFinishChange(set),
    folder.add(p, 'dataSeed', 0, 9999, 1).name('data seed').onFinishChange(set),
    folder.add(p, 'optimizer', [...OPTIMIZERS]).onChange(set),
    folder.add(p, 'learningRate', 0.0001, 1).name('learning rate').onFinishChange(set),
    folder.add(p, 'batchSize', 1, 512, 1).name('batch').onFinishChange(set),
    folder.add(p, 'l2', 0, 0.1).name('L2').onFinishChange(set),
    folder.add(p, 'momentum', 0, 0.99, 0.01).name('momentum (sgd)').onFinishChange(set),
  ];
  app.on('changed', () => {
    Object.assign(p, app.state.training);
    for (const c of controllers) c.updateDisplay();
  });
}
