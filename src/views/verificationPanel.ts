/**
 * The numerical verification panel: the second finite difference of f at random points inside regions
 * (zero up to rounding) against points straddling a kink (the slope jump times the overlap), the check
 * of every region's affine map against the forward pass, and the GPU-vs-CPU pattern agreement of the
 * view. Figures, and a strip plot of log10 |D2|, not just a tick.
 */
import type { App } from '../app/app.ts';
import { evaluateGrid } from '../engine/forward.ts';
import {
  type AffineMapReport,
  affineMapCheck,
  patternAgreement,
  type SecondDifferenceReport,
  secondDifferences,
} from '../engine/verify.ts';
import type { Dock } from './dock.ts';
import type { ExactRegions } from './exactRegions.ts';
import { fmt, Scale, startChart } from './plot.ts';

/** Side of the square grid on which GPU and CPU patterns are compared. */
export const AGREEMENT_GRID = 96;

/** The figures of the last run. */
export interface VerificationFigures {
  /** Second differences (null before a run). */
  second: SecondDifferenceReport | null;
  /** Affine maps against the forward pass (null without an enumeration). */
  affine: AffineMapReport | null;
  /** Fraction of grid pixels whose GPU pattern equals the engine's (null without a GPU renderer). */
  agreement: number | null;
  /** Notes (why a figure is missing). */
  notes: string[];
}

/** Install the panel as the dock's "verify" tab; it runs when shown and on its button. */
export function installVerification(
  app: App,
  dock: Dock,
  regions: ExactRegions,
): { run(samples?: number): Promise<VerificationFigures>; figures(): VerificationFigures } {
  const root = document.createElement('div');
  const controls = document.createElement('div');
  const samples = document.createElement('input');
  samples.type = 'number';
  samples.min = '10';
  samples.max = '5000';
  samples.value = '200';
  samples.style.width = '60px';
  const button = document.createElement('button');
  button.textContent = 'run';
  controls.append('random points N = ', samples, ' ', button);
  const text = document.createElement('div');
  text.className = 'views-figures';
  const strip = document.createElement('canvas');
  strip.style.height = '80px';
  root.append(controls, text, strip);
  let figures: VerificationFigures = { second: null, affine: null, agreement: null, notes: [] };
  const run = async (n = Number(samples.value) || 200): Promise<VerificationFigures> => {
    const net = app.net;
    const v = app.state.view;
    const out = Math.max(0, app.state.output);
    const notes: string[] = [];
    const second = secondDifferences(net, app.map, v, Math.max(10, Math.min(5000, n)), 1, undefined, out);
    text.textContent = 'running…';
    const r = await regions.ready({ net, view: v });
    if (net !== app.net || v !== app.state.view) return figures;
    let affine: AffineMapReport | null = null;
    if (r.ok) affine = affineMapCheck(net, app.map, r.enumeration.regions, 5000);
    else notes.push(`affine maps not checked: ${r.reason}`);
    let agreement: number | null = null;
    const g = AGREEMENT_GRID;
    if (app.renderer.packedNetwork) {
      const lo = app.renderer.readWords('hashLo', g, g);
      const hi = app.renderer.readWords('hashHi', g, g);
      const gpu = new Uint32Array(2 * g * g);
      for (let p = 0; p < g * g; p++) {
        gpu[2 * p] = lo[p]!;
        gpu[2 * p + 1] = hi[p]!;
      }
      agreement = patternAgreement(gpu, evaluateGrid(net, app.map, v, g, g).ids);
    } else notes.push('no GPU network to compare');
    figures = { second, affine, agreement, notes };
    show();
    return figures;
  };
  const show = () => {
    const { second: s, affine: a, agreement } = figures;
    const lines: string[] = [];
    if (s) {
      lines.push(
        `step h = ${fmt(s.step)}; D2 = f(p+hd) − 2f(p) + f(p−hd)`,
        `inside regions (${s.inside.length} points): max |D2| = ${fmt(s.insideMax)} (rounding scale ${fmt(s.roundingScale)}) ${s.insideMax <= s.roundingScale ? '✓' : '✗'}`,
        `straddling a kink (${s.straddling.length} points): median |D2| = ${fmt(s.straddlingMedian)}; max |D2 − |Δf'|·overlap| = ${fmt(s.straddlingMaxError)}`,
        `ratio median straddling / max inside = ${s.insideMax > 0 ? fmt(s.straddlingMedian / s.insideMax) : '∞ (inside exactly 0)'}`,
      );
    }
    if (a) {
      lines.push(
        `affine maps: ${a.regions} regions, ${a.points} points: max |map − forward| = ${fmt(a.maxError)} (max |f| ${fmt(a.maxValue)}); pattern mismatches ${a.patternMismatches} ${a.patternMismatches === 0 && a.maxError <= 1e-9 * Math.max(1, a.maxValue) ? '✓' : '✗'}`,
      );
    }
    if (agreement !== null) {
      const n = AGREEMENT_GRID * AGREEMENT_GRID;
      lines.push(
        `GPU vs CPU patterns on ${AGREEMENT_GRID}×${AGREEMENT_GRID} pixels: ${(100 * agreement).toFixed(2)}% agree (${Math.round((1 - agreement) * n)} differ, on boundaries)`,
      );
    }
    // Notes carry worker and engine messages: text nodes only, never markup.
    text.replaceChildren(
      ...[...lines, ...figures.notes].map((l) => {
        const div = document.createElement('div');
        div.textContent = l;
        return div;
      }),
    );
    drawStrip(strip, s);
  };
  button.onclick = () => void run();
  dock.addTab('verify', root, () => void run());
  return { run, figures: () => figures };
}

function drawStrip(canvas: HTMLCanvasElement, s: SecondDifferenceReport | null): void {
  const chart = startChart(canvas);
  if (!chart || !s) return;
  const { ctx, dpr, W, H } = chart;
  const floor = -20;
  const lg = (x: number) => (x > 0 ? Math.max(floor, Math.log10(x)) : floor);
  const all = [...s.inside, ...s.straddling].map((d) => lg(d.magnitude));
  const xs = new Scale(floor, Math.max(0, ...all) + 0.5, 30 * dpr, W - 6 * dpr);
  const row = (list: { magnitude: number }[], y: number, colour: string, label: string) => {
    ctx.fillStyle = '#bbb';
    ctx.fillText(label, 2 * dpr, y + 3 * dpr);
    ctx.fillStyle = colour;
    for (const d of list) ctx.fillRect(xs.px(lg(d.magnitude)) - dpr, y - 6 * dpr, 2 * dpr, 12 * dpr);
  };
  row(s.inside, H * 0.3, 'rgba(110,160,255,0.6)', 'in');
  row(s.straddling, H * 0.62, 'rgba(255,110,90,0.6)', 'kink');
  ctx.fillStyle = '#999';
  for (let e = Math.ceil(xs.d0 / 4) * 4; e <= xs.d1; e += 4)
    ctx.fillText(e === floor ? '0' : `1e${e}`, xs.px(e) - 8 * dpr, H - 3 * dpr);
}
