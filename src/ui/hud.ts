/**
 * The HUD: view centre and scale, the regions visible on screen (GPU readback) beside the exact count of
 * the view (engine, worker) and the theoretical bound. The colour bar is drawn by the axes layer (axesLayer.ts).
 */
import { countDistinct } from '../app/api.ts';
import type { App } from '../app/app.ts';
import { type ExactResult, percentOfView } from '../app/exact.ts';
import { planeOfState } from '../app/network.ts';
import { regionBounds } from '../engine/bounds.ts';
import { formatCount, formatNumber, HUD_STYLE } from '../engine/format.ts';
import { VISIBLE_COUNT_DELAY_MS } from '../engine/limits.ts';

const fmt = (x: number) => formatNumber(x, HUD_STYLE);
/** A coordinate with enough digits to resolve a thousandth of `scale` (6 to 17 significant digits). */
const fmtAt = (x: number, scale: number) => {
  if (x === 0) return '0';
  const digits = Math.ceil(Math.log10(Math.abs(x) / scale)) + 3;
  return x.toPrecision(Math.min(17, Math.max(6, digits)));
};

/**
 * Multiply-adds allowed for the visible-region readback (it blocks the page), at least: twice the frame
 * step budget of the device (app.stepMacs, about 100 ms of work) when that is larger. Beyond, the count is
 * read at a lower resolution and marked "~".
 */
const COUNT_BUDGET = 2 ** 28;

/** Install the HUD; it refreshes on every change and full-resolution frame. */
export function installHud(app: App): void {
  const hud = document.getElementById('hud')!;
  let exact: ExactResult | null = null;
  let visible = '…';
  let progress = 0;
  let progressFraction = 0;
  let planeLabel = planeOfState(app.net, app.state, app.planes).label;
  let countTimer: ReturnType<typeof setTimeout> | null = null;
  // Live training weights (App.showWeights, not settled) change the network without a 'changed' event; they
  // are not counted on the page: the HUD says so instead of showing the previous weights' counts.
  let changedNet = app.net;
  let live = false;
  const refresh = () => {
    const s = app.state;
    const v = s.view;
    const bounds = regionBounds(app.net, undefined, s.mode === 'layer' ? s.layer : app.net.layers.length);
    const bound = bounds.zaslavsky ?? bounds.serra ?? bounds.montufar;
    const boundName = bounds.zaslavsky !== null ? 'Zaslavsky' : bounds.serra !== null ? 'Serra' : 'Montufar';
    const exactText = live
      ? 'counted at the training snapshots (chart) while it plays'
      : !exact
        ? progress > 0 || progressFraction > 0
          ? `≥ ${formatCount(progress)} regions, ${percentOfView(progressFraction)}`
          : 'computing…'
        : exact.off
          ? 'off'
          : exact.error
            ? `failed: ${exact.error}`
            : exact.complete
              ? `${formatCount(exact.count)} regions`
              : exact.stopped
                ? `≥ ${formatCount(exact.count)} regions (stopped at ${exact.stoppedAt ?? exact.stopped}, ${percentOfView(exact.fraction)})${
                    exact.stopped === 'cap'
                      ? ''
                      : exact.estimate
                        ? `; estimate ${formatCount(Math.round(exact.estimate.estimate))} [${formatCount(Math.floor(exact.estimate.low))} to ${formatCount(Math.ceil(exact.estimate.high))}, 95%]`
                        : '; estimating…'
                  }`
                : `≥ ${formatCount(exact.count)} regions`;
    const widths = [app.net.inputDim, ...app.net.layers.map((L) => L.outDim)].join('-');
    hud.textContent =
      `${s.model ?? `${widths} ${s.architecture.activation}`}  mode ${s.mode}${s.mode === 'layer' ? ` k=${s.layer}` : ''}\n` +
      `centre (${fmtAt((v.x0 + v.x1) / 2, v.x1 - v.x0)}, ${fmtAt((v.y0 + v.y1) / 2, v.y1 - v.y0)})  width ${fmt(v.x1 - v.x0)}\n` +
      `regions visible ${visible}   exact ${exactText}\n` +
      `bound (${boundName}) ${formatCount(bound)}` +
      (planeLabel ? `\nplane: ${planeLabel}` : '');
  };
  let counting = 0;
  const countVisible = () => {
    const r = app.renderer;
    const k = app.state.mode === 'layer' ? app.state.layer : 0;
    // One pass at a resolution that keeps the readback under the budget.
    const cost = r.canvas.width * r.canvas.height * (r.packedNetwork?.macsPerPixel ?? 1);
    const f = Math.max(1, Math.ceil(Math.sqrt(cost / Math.max(COUNT_BUDGET, 2 * app.stepMacs))));
    const w = Math.ceil(r.canvas.width / f);
    const h = Math.ceil(r.canvas.height / f);
    // Asynchronous: the CPU renderer reads in its workers, so the count never blocks the page.
    const seq = ++counting;
    r.readIdWordsAsync(w, h, k).then(
      (words) => {
        if (seq !== counting) return;
        const n = countDistinct(words);
        visible = `${f > 1 ? `~${formatCount(n)} (1/${f} res.)` : formatCount(n)}`;
        refresh();
      },
      (e: unknown) => {
        if (seq !== counting) return;
        visible = `not counted (${e instanceof Error ? e.message : String(e)})`;
        refresh();
      },
    );
  };
  app.on('changed', () => {
    counting++;
    live = false;
    changedNet = app.net;
    planeLabel = planeOfState(app.net, app.state, app.planes).label;
    visible = '…';
    refresh();
  });
  app.on('exact', (r) => {
    exact = r;
    progress = 0;
    progressFraction = 0;
    refresh();
  });
  app.on('progress', (n, f) => {
    progress = n;
    progressFraction = f;
    refresh();
  });
  app.on('drawn', (_app, reduction) => {
    if (countTimer) clearTimeout(countTimer);
    if (reduction === 1) countTimer = setTimeout(countVisible, VISIBLE_COUNT_DELAY_MS);
    else if (app.net !== changedNet && !live) {
      counting++;
      live = true;
      visible = 'counted when training pauses';
      refresh();
    }
  });
  refresh();
}
