/**
 * The activation-pattern analysis panel: a sortable table of the regions in view (pattern, area, share,
 * affine map, |grad f|), a histogram of region areas, the exact count against Zaslavsky's value and the
 * Serra and Montufar bounds, the region density against the number of neurons squared per depth (Hanin and
 * Rolnick), and each neuron's active share of the view with dead neurons flagged.
 */
import type { App } from '../app/app.ts';
import {
  areaHistogram,
  type NeuronActivity,
  neuronActivity,
  type RegionRow,
  type RowKey,
  regionDensity,
  regionRows,
  sortRows,
} from '../engine/analysis.ts';
import { regionBounds } from '../engine/bounds.ts';
import { DepthCounts } from './depthCounts.ts';
import type { Dock } from './dock.ts';
import type { ExactRegions } from './exactRegions.ts';
import { fmt, regionCss, Scale, startChart } from './plot.ts';

/** Rows shown in the table at most (sorted first). */
export const TABLE_ROWS = 200;

/** The figures the panel shows (for tests and the scripting API). */
export interface AnalysisFigures {
  /** Regions in the table (the exact count of the view), or null when there is no enumeration. */
  count: number | null;
  /** Why there is no table. */
  note: string;
  /** The bounds of the network on the plane. */
  bounds: { zaslavsky: number | null; serra: number | null; montufar: number };
  /** Neurons never active in the view, as "layer.index". */
  dead: string[];
  /** Regions after the first k layers against the neurons of those layers, k = 1..L. */
  depth: { layer: number; neurons: number; count: number | null; perNeuronSquared: number | null }[];
}

const COLUMNS: { key: RowKey; label: string }[] = [
  { key: 'index', label: '#' },
  { key: 'hash', label: 'pattern' },
  { key: 'area', label: 'area' },
  { key: 'share', label: 'share' },
  { key: 'ds', label: 'df/ds' },
  { key: 'dt', label: 'df/dt' },
  { key: 'offset', label: 'f(0,0)' },
  { key: 'gradNorm', label: '|grad f|' },
  { key: 'active', label: 'on' },
];

/** Install the panel as the dock's "analysis" tab; it computes only while shown. */
export function installAnalysis(app: App, dock: Dock, regions: ExactRegions): { figures(): AnalysisFigures } {
  const root = document.createElement('div');
  const summary = document.createElement('div');
  summary.className = 'views-figures';
  const hist = document.createElement('canvas');
  hist.style.height = '90px';
  const neurons = document.createElement('canvas');
  neurons.style.height = '70px';
  const table = document.createElement('table');
  const density = document.createElement('canvas');
  density.style.height = '64px';
  root.append(summary, hist, density, neurons, table);
  let sortKey: RowKey = 'area';
  let descending = true;
  let rows: RegionRow[] = [];
  let figures: AnalysisFigures = {
    count: null,
    note: 'not computed',
    bounds: { zaslavsky: null, serra: null, montufar: 0 },
    dead: [],
    depth: [],
  };
  const renderTable = () => {
    sortRows(rows, sortKey, descending);
    const head = `<tr>${COLUMNS.map((c) => `<th data-key="${c.key}">${c.label}${c.key === sortKey ? (descending ? ' ▾' : ' ▴') : ''}</th>`).join('')}</tr>`;
    const body = rows
      .slice(0, TABLE_ROWS)
      .map(
        (r) =>
          `<tr data-index="${r.index}" title="click: pin this region on the map"><td>${r.index}</td><td class="pat" title="${r.pattern}"><span class="swatch" data-colour="${regionCss(Number.parseInt(r.hash.slice(8), 16))}"></span>${r.pattern}</td>` +
          `<td>${fmt(r.area)}</td><td>${(100 * r.share).toFixed(2)}%</td><td>${fmt(r.ds)}</td><td>${fmt(r.dt)}</td>` +
          `<td>${fmt(r.offset)}</td><td>${fmt(r.gradNorm)}</td><td>${r.active}</td></tr>`,
      )
      .join('');
    table.innerHTML = head + body;
    // Colours through the CSSOM: the Content-Security-Policy blocks style attributes in markup.
    for (const sw of table.querySelectorAll<HTMLElement>('.swatch[data-colour]'))
      sw.style.background = sw.dataset.colour ?? '';
    // Clicking a row pins its region on the map (the explorer's pinned-region outline).
    for (const tr of table.querySelectorAll<HTMLTableRowElement>('tr[data-index]')) {
      tr.style.cursor = 'pointer';
      tr.onclick = () => {
        const r = regions.get({ net: app.net, view: app.state.view });
        const region = r?.ok ? r.enumeration.regions[Number(tr.dataset.index)] : undefined;
        if (!region) return;
        app.pinned = region.polygon;
        app.requestRender();
      };
    }
    for (const th of table.querySelectorAll('th')) {
      th.onclick = () => {
        const key = th.dataset.key as RowKey;
        descending = key === sortKey ? !descending : key !== 'index' && key !== 'hash';
        sortKey = key;
        renderTable();
      };
    }
  };
  const refresh = () => {
    if (dock.current() !== 'analysis') return;
    const net = app.net;
    const v = app.state.view;
    const b = regionBounds(net);
    const r = regions.get({ net, view: v });
    const area = (v.x1 - v.x0) * (v.y1 - v.y0);
    if (!r) {
      figures = { count: null, note: 'computing', bounds: b, dead: [], depth: [] };
      summary.textContent = 'computing the exact regions of the view…';
      return;
    }
    if (!r.ok) {
      rows = [];
      figures = { count: null, note: r.reason, bounds: b, dead: [], depth: [] };
      summary.textContent = r.reason;
      table.innerHTML = '';
      return;
    }
    const e = r.enumeration;
    const out = Math.max(0, app.state.output);
    rows = regionRows(net, e.regions, area, out);
    const act = neuronActivity(net, e.regions);
    const dead = act.filter((a) => a.dead).map((a) => `${a.layer}.${a.index}`);
    const depth: AnalysisFigures['depth'] = [];
    const counts = depthCounts.get({ net, view: v });
    for (const c of [...(counts ?? []), { layer: net.layers.length, count: e.count, complete: true }]) {
      const d = regionDensity(net, c.count, area, c.layer);
      depth.push({
        layer: c.layer,
        neurons: d.neurons,
        count: c.complete ? c.count : null,
        perNeuronSquared: c.complete ? d.perNeuronSquared : null,
      });
    }
    figures = { count: rows.length, note: '', bounds: b, dead, depth };
    const boundText = [
      b.zaslavsky !== null ? `Zaslavsky ${b.zaslavsky}` : null,
      b.serra !== null ? `Serra ${fmt(b.serra)}` : null,
      `Montufar ${fmt(b.montufar)}`,
    ].filter((x) => x !== null);
    const line = (t: string) => `<div>${t}</div>`;
    summary.innerHTML =
      line(
        `<b>${rows.length}</b> regions in view (exact, V ${e.vertices}, E ${e.edges}) · bounds: ${boundText.join(', ')}`,
      ) +
      line(
        `density ${fmt(e.count / area)} per unit area · count / N² by depth: ${depth.map((d) => `k=${d.layer} N=${d.neurons}: ${d.count ?? (counts ? '>cap' : '…')}${d.perNeuronSquared !== null ? ` (${fmt(d.perNeuronSquared)})` : ''}`).join(' · ')}`,
      ) +
      line(
        dead.length
          ? `<span class="dead">dead in view: ${dead.join(', ')}</span>`
          : 'no dead neurons in view',
      );
    drawHistogram(
      hist,
      e.regions.map((g) => g.area),
    );
    drawNeurons(neurons, act);
    drawDensity(density, depth);
    renderTable();
  };
  const depthCounts = new DepthCounts(() => refresh());
  dock.addTab('analysis', root, refresh);
  regions.listeners.push(() => refresh());
  // Debounced: a pan or zoom changes the state many times a second.
  let timer: ReturnType<typeof setTimeout> | null = null;
  app.listeners.push({
    changed: () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    },
  });
  return { figures: () => figures };
}

function drawHistogram(canvas: HTMLCanvasElement, areas: number[]): void {
  const chart = startChart(canvas);
  if (!chart) return;
  const { ctx, dpr, W, H } = chart;
  const h = areaHistogram(areas, 24);
  if (!h.counts.length) return;
  const xs = new Scale(h.edges[0]!, h.edges[h.edges.length - 1]!, 4 * dpr, W - 4 * dpr);
  const ys = new Scale(0, Math.max(...h.counts), H - 14 * dpr, 12 * dpr);
  ctx.fillStyle = '#6f93c9';
  h.counts.forEach((c, i) => {
    const x0 = xs.px(h.edges[i]!);
    const x1 = xs.px(h.edges[i + 1]!);
    ctx.fillRect(x0 + dpr / 2, ys.px(c), x1 - x0 - dpr, ys.px(0) - ys.px(c));
  });
  ctx.fillStyle = '#bbb';
  ctx.fillText('log10(area) histogram', 4 * dpr, 10 * dpr);
  ctx.fillText(`1e${h.edges[0]!.toFixed(1)}`, 4 * dpr, H - 2 * dpr);
  ctx.textAlign = 'right';
  ctx.fillText(`1e${h.edges[h.edges.length - 1]!.toFixed(1)}`, W - 4 * dpr, H - 2 * dpr);
  ctx.textAlign = 'left';
}

/** Bars of count / N^2 per depth: about level when the count grows like the number of neurons squared. */
function drawDensity(canvas: HTMLCanvasElement, depth: AnalysisFigures['depth']): void {
  const chart = startChart(canvas, 'regions / N² after k layers (level: ∝ N², Hanin & Rolnick)');
  if (!chart) return;
  const { ctx, dpr, W, H } = chart;
  const known = depth.filter((d) => d.perNeuronSquared !== null);
  if (!known.length) return;
  const top = Math.max(...known.map((d) => d.perNeuronSquared!));
  const slot = (W - 8 * dpr) / depth.length;
  const base = H - 12 * dpr;
  depth.forEach((d, i) => {
    const x = 4 * dpr + i * slot;
    ctx.fillStyle = '#bbb';
    ctx.fillText(`k=${d.layer} N=${d.neurons}`, x, H - 2 * dpr);
    if (d.perNeuronSquared === null) return;
    const h = (d.perNeuronSquared / top) * (base - 16 * dpr);
    ctx.fillStyle = '#c9a96f';
    ctx.fillRect(x, base - h, Math.min(slot - 6 * dpr, 40 * dpr), h);
    ctx.fillStyle = '#eee';
    ctx.fillText(
      fmt(d.perNeuronSquared),
      x + Math.min(slot - 6 * dpr, 40 * dpr) + 3 * dpr,
      base - h + 9 * dpr,
    );
  });
}

function drawNeurons(canvas: HTMLCanvasElement, act: NeuronActivity[]): void {
  const chart = startChart(canvas, 'active share per neuron (red: dead in view)');
  if (!chart) return;
  const { ctx, dpr, W, H } = chart;
  if (!act.length) return;
  const layers = act[act.length - 1]!.layer - act[0]!.layer + 1;
  const slot = (W - 8 * dpr) / (act.length + layers - 1);
  let x = 4 * dpr;
  let last = act[0]!.layer;
  const base = H - 2 * dpr;
  const top = 14 * dpr;
  for (const a of act) {
    if (a.layer !== last) {
      x += slot;
      last = a.layer;
    }
    ctx.fillStyle = a.dead ? '#ff5b4b' : a.alwaysActive ? '#f0c040' : '#7fc97f';
    const h = a.dead ? 3 * dpr : Math.max(dpr, a.activeShare * (base - top));
    ctx.fillRect(x, base - h, Math.max(dpr, slot - dpr), h);
    x += slot;
  }
}
