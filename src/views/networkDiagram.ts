/**
 * The network diagram, a tab of the views' dock: the layers as columns, each neuron drawn as a small
 * thumbnail of its state over the view (read back from the GPU: the display channel with that neuron
 * probed, at THUMB x THUMB pixels), the links coloured by the sign and sized by the magnitude of their
 * weights. Hovering a neuron shows its zero set on the map (the probe overlay); a click opens an editor of
 * its incoming weights and bias whose changes are applied live (as an edited model, the plane kept).
 * Wide layers show their first MAX_SHOWN neurons, with a note.
 */
import type { App } from '../app/app.ts';
import { type Network, toModelJson } from '../engine/model.ts';
import { classColour, diverging } from '../render/palette.ts';
import type { Dock } from './dock.ts';

/** Thumbnail side in pixels (also the side of the GPU readback per neuron). */
export const THUMB = 24;
/** Neurons shown per layer at most. */
export const MAX_SHOWN = 16;
/** The name under which an edited network is registered as a model. */
export const EDITED_MODEL = 'edited network';

/** What the diagram shows, for tests. */
export interface DiagramFigures {
  /** Neurons shown per column (inputs first). */
  shown: number[];
  /** Notes about layers cut to MAX_SHOWN. */
  notes: string[];
  /** Links drawn. */
  links: number;
  /** Neuron thumbnails read back from the GPU in the last refresh. */
  thumbnails: number;
  /** The neuron being edited, as [layer, index], or null. */
  editing: [number, number] | null;
}

/** The diagram's handle: its figures, and the neuron editor for tests and scripts. */
export interface NetworkDiagram {
  /** The figures of the last drawing. */
  figures(): DiagramFigures;
  /** Open the editor of neuron `index` of layer `layer` (0-based). */
  edit(layer: number, index: number): void;
  /** Redraw now (the thumbnails are read back again). */
  refresh(): void;
}

const COL_GAP = 56;
const ROW = THUMB + 6;
const PAD = 8;

/** Install the diagram as the dock's "network" tab; it reads the GPU only while shown. */
export function installNetworkDiagram(app: App, dock: Dock): NetworkDiagram {
  const root = document.createElement('div');
  const note = document.createElement('div');
  note.className = 'views-figures';
  const canvas = document.createElement('canvas');
  canvas.className = 'network-diagram';
  const editor = document.createElement('div');
  editor.className = 'network-editor';
  root.append(note, canvas, editor);
  const thumb = document.createElement('canvas');
  let figures: DiagramFigures = { shown: [], notes: [], links: 0, thumbnails: 0, editing: null };
  let positions: { layer: number; index: number; x: number; y: number }[] = [];
  let hovered: [number, number] | null = null;
  let probeBefore: [number, number] | null = null;

  const draw = () => {
    if (dock.current() !== 'network') return;
    const net = app.net;
    const widths = [net.inputDim, ...net.layers.map((L) => L.outDim)];
    const shown = widths.map((w) => Math.min(w, MAX_SHOWN));
    const notes = widths
      .map((w, l) =>
        w > MAX_SHOWN ? `${l === 0 ? 'inputs' : `layer ${l - 1}`}: ${MAX_SHOWN} of ${w} shown` : '',
      )
      .filter((n) => n !== '');
    const rows = Math.max(...shown);
    const cssW = PAD * 2 + THUMB + (widths.length - 1) * (THUMB + COL_GAP);
    const cssH = PAD * 2 + rows * ROW;
    const dpr = globalThis.devicePixelRatio || 1;
    canvas.style.width = `${cssW}px`;
    canvas.style.height = `${cssH}px`;
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const at = (l: number, i: number) => ({
      x: PAD + l * (THUMB + COL_GAP),
      y: PAD + ((rows - shown[l]!) * ROW) / 2 + i * ROW,
    });
    positions = [];
    // Links: colour by sign, width by |w| relative to the layer's largest shown weight.
    let links = 0;
    const rgb = new Uint8Array(3);
    net.layers.forEach((L, l) => {
      let max = 0;
      for (let j = 0; j < shown[l + 1]!; j++)
        for (let i = 0; i < shown[l]!; i++) max = Math.max(max, Math.abs(L.weights[j * L.inDim + i]!));
      for (let j = 0; j < shown[l + 1]!; j++) {
        for (let i = 0; i < shown[l]!; i++) {
          const w = L.weights[j * L.inDim + i]!;
          if (w === 0 || max === 0) continue;
          const a = at(l, i);
          const b = at(l + 1, j);
          diverging(w > 0 ? 1 : -1, rgb);
          ctx.strokeStyle = `rgba(${rgb[0]},${rgb[1]},${rgb[2]},${0.25 + 0.6 * (Math.abs(w) / max)})`;
          ctx.lineWidth = 0.5 + 3 * (Math.abs(w) / max);
          ctx.beginPath();
          ctx.moveTo(a.x + THUMB, a.y + THUMB / 2);
          ctx.lineTo(b.x, b.y + THUMB / 2);
          ctx.stroke();
          links++;
        }
      }
    });
    // Inputs: labelled boxes; neurons: their state over the view from the GPU.
    ctx.font = '10px ui-monospace, monospace';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < shown[0]!; i++) {
      const p = at(0, i);
      ctx.fillStyle = '#262a33';
      ctx.fillRect(p.x, p.y, THUMB, THUMB);
      ctx.fillStyle = '#ddd';
      ctx.fillText(`x${i + 1}`, p.x + THUMB / 2, p.y + THUMB / 2);
    }
    let thumbnails = 0;
    thumb.width = THUMB;
    thumb.height = THUMB;
    const tctx = thumb.getContext('2d');
    const img = new ImageData(THUMB, THUMB);
    ctx.imageSmoothingEnabled = false;
    net.layers.forEach((L, l) => {
      for (let j = 0; j < shown[l + 1]!; j++) {
        const p = at(l + 1, j);
        positions.push({ layer: l, index: j, x: p.x, y: p.y });
        const states = neuronStates(app, app.neuronIndex(l, j));
        if (states && tctx) {
          thumbnails++;
          paintStates(states, L.activation === 'linear', img.data, l + j);
          tctx.putImageData(img, 0, 0);
          ctx.drawImage(thumb, p.x, p.y, THUMB, THUMB);
        }
        const on = hovered && hovered[0] === l && hovered[1] === j;
        const edited = figures.editing && figures.editing[0] === l && figures.editing[1] === j;
        ctx.strokeStyle = on ? '#ff00c8' : edited ? '#ffd84a' : '#000';
        ctx.lineWidth = on || edited ? 2 : 1;
        ctx.strokeRect(p.x - 0.5, p.y - 0.5, THUMB + 1, THUMB + 1);
      }
    });
    figures = { ...figures, shown, notes, links, thumbnails };
    note.textContent =
      `${widths.join(' → ')}   hover: zero set on the map; click: edit weights` +
      (notes.length ? `\n${notes.join('; ')}` : '');
    note.style.whiteSpace = 'pre-wrap';
  };

  const hit = (e: PointerEvent | MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    return positions.find((p) => x >= p.x && x < p.x + THUMB && y >= p.y && y < p.y + THUMB) ?? null;
  };
  const setProbe = (probe: [number, number] | null) =>
    app.update((s) => {
      s.probe = probe;
    });
  canvas.addEventListener('pointermove', (e) => {
    const h = hit(e);
    const next: [number, number] | null = h ? [h.layer, h.index] : null;
    if (JSON.stringify(next) === JSON.stringify(hovered)) return;
    if (!hovered) probeBefore = app.state.probe;
    hovered = next;
    setProbe(next ?? probeBefore);
  });
  canvas.addEventListener('pointerleave', () => {
    if (!hovered) return;
    hovered = null;
    setProbe(probeBefore);
  });
  canvas.addEventListener('click', (e) => {
    const h = hit(e);
    if (h) diagram.edit(h.layer, h.index);
  });

  const diagram: NetworkDiagram = {
    figures: () => figures,
    refresh: draw,
    edit(layer, index) {
      const L = app.net.layers[layer];
      if (!L || index < 0 || index >= L.outDim) return;
      figures = { ...figures, editing: [layer, index] };
      buildEditor(app, editor, layer, index, () => draw());
      draw();
    },
  };
  dock.addTab('network', root, draw);
  app.on('drawn', (_a, reduction) => {
    if (reduction === 1) draw();
  });
  return diagram;
}

/** The state of global neuron `k` at THUMB x THUMB pixel centres of the view (row 0 at the top), or null. */
function neuronStates(app: App, k: number): Uint8Array | null {
  const words = app.renderer.readWords('display', THUMB, THUMB, 0, 0, 0, k);
  if (words.length !== THUMB * THUMB) return null;
  const out = new Uint8Array(words.length);
  for (let p = 0; p < words.length; p++) out[p] = (words[p]! >>> 14) & 3;
  return out;
}

/**
 * Paint `states` into RGBA `out`: the active side light in the neuron's colour, the inactive side dark, the
 * zero set (a state change between neighbours) white; a linear neuron (no states) grey.
 */
function paintStates(states: Uint8Array, linear: boolean, out: Uint8ClampedArray, colour: number): void {
  const c = new Uint8Array(3);
  classColour(colour, c);
  for (let y = 0; y < THUMB; y++) {
    for (let x = 0; x < THUMB; x++) {
      const p = y * THUMB + x;
      const s = states[p]!;
      const edge = (x + 1 < THUMB && states[p + 1] !== s) || (y + 1 < THUMB && states[p + THUMB] !== s);
      const f = linear ? 0.5 : edge ? -1 : s === 0 ? 0.18 : s === 1 ? 0.85 : 1;
      for (let k = 0; k < 3; k++) out[4 * p + k] = f < 0 ? 255 : linear ? 128 : Math.round(c[k]! * f);
      out[4 * p + 3] = 255;
    }
  }
}

/**
 * Fill `root` with inputs for the incoming weights and the bias of neuron (`layer`, `index`); a valid change
 * (a finite number) is applied at once as the model EDITED_MODEL, with the view's plane kept; an invalid
 * entry is marked and reported, and the network is left as it was.
 */
function buildEditor(app: App, root: HTMLElement, layer: number, index: number, changed: () => void): void {
  root.replaceChildren();
  const L = app.net.layers[layer]!;
  const title = document.createElement('div');
  title.textContent = `neuron ${layer}.${index} (${L.activation}): z = Σ w_i h_i + b`;
  const status = document.createElement('div');
  const grid = document.createElement('div');
  grid.style.cssText =
    'display:grid;grid-template-columns:repeat(4,auto);gap:2px 6px;max-height:160px;overflow:auto;';
  const field = (label: string, value: number, apply: (net: Network, v: number) => void) => {
    const wrap = document.createElement('label');
    wrap.textContent = `${label} `;
    const input = document.createElement('input');
    input.type = 'text';
    input.size = 7;
    input.value = String(Number(value.toPrecision(6)));
    input.addEventListener('input', () => {
      const v = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(v)) {
        input.style.outline = '1px solid #ff7b6b';
        status.textContent = `${label}: "${input.value.slice(0, 20)}" is not a finite number; the network is kept`;
        return;
      }
      input.style.outline = '';
      const net = copyNetwork(app.net);
      apply(net, v);
      const errs = app.loadModel(toModelJson(net), EDITED_MODEL, app.state.view.plane);
      status.textContent = errs.length ? errs.join('; ') : `${label} = ${v}`;
      changed();
    });
    wrap.append(input);
    grid.append(wrap);
  };
  const n = Math.min(L.inDim, 64);
  for (let i = 0; i < n; i++)
    field(`w${i + 1}`, L.weights[index * L.inDim + i]!, (net, v) => {
      (net.layers[layer]!.weights as Float64Array)[index * L.inDim + i] = v;
    });
  field('b', L.bias[index]!, (net, v) => {
    (net.layers[layer]!.bias as Float64Array)[index] = v;
  });
  const more = L.inDim > n ? `(the first ${n} of ${L.inDim} weights)` : '';
  status.textContent = more;
  root.append(title, grid, status);
}

/** A deep copy of `net` (weights, biases and slopes in new arrays). */
function copyNetwork(net: Network): Network {
  return {
    ...net,
    layers: net.layers.map((L) => ({
      ...L,
      weights: Float64Array.from(L.weights),
      bias: Float64Array.from(L.bias),
      alpha: Float64Array.from(L.alpha),
    })),
  };
}
