/**
 * "Export PNG" in the panel: the main view that is shown (the map, or the 3-D surface or the 1-D view set by
 * {@link setMainViewExport}) as a large image (long side 2048 to 32768 pixels, the short
 * side following the canvas's aspect), drawn in parts with a progress bar, an estimate of the time left and
 * a Cancel button (Escape cancels too), then downloaded. The view is frozen while it runs (App.exportPng).
 * "Export SVG" downloads the exact region polygons of the view as SVG (app/exportSvg.ts); the video
 * controls are in ui/recordBadge.ts.
 */
import type GUI from 'lil-gui';
import type { App } from '../app/app.ts';
import { exportFrameOf } from '../app/exportFrameOf.ts';
import type { ExportProgress } from '../app/exportImage.ts';
import { exportSvg } from '../app/exportSvg.ts';
import { formatBytes, formatPercent } from '../engine/format.ts';
import { EXPORT_URL_MS } from '../engine/limits.ts';
import { pageKeymap } from './keymap.ts';
import { installRecording } from './recordBadge.ts';

/** Long sides offered in the panel (pixels). */
export const EXPORT_SIDES: readonly number[] = [2048, 4096, 8192, 16384, 32768];

/** Image size for a long side `side` with the aspect of a width x height canvas (short side >= 1). */
export function exportSizeFor(
  side: number,
  width: number,
  height: number,
): { width: number; height: number } {
  const w = Math.max(1, width);
  const h = Math.max(1, height);
  return w >= h
    ? { width: side, height: Math.max(1, Math.round((side * h) / w)) }
    : { width: Math.max(1, Math.round((side * w) / h)), height: side };
}

/** The progress text: percentage, parts drawn, size so far and the time left. */
export function progressText(p: ExportProgress): string {
  const f = p.pixelsDone / Math.max(1, p.pixels);
  const left = f > 0 ? (p.seconds * (1 - f)) / f : Number.NaN;
  const eta = Number.isFinite(left) && p.seconds > 1 ? `, about ${Math.ceil(left)} s left` : '';
  return `${formatPercent(f, 1)} (${p.partsDone} parts), ${formatBytes(p.bytes)}${eta}`;
}

/** Build the progress box (hidden until an export starts). */
function progressBox(): {
  box: HTMLElement;
  title: HTMLElement;
  bar: HTMLProgressElement;
  text: HTMLElement;
  cancel: HTMLButtonElement;
} {
  // A backdrop over the page (the view is frozen meanwhile) around a small panel.
  const box = document.createElement('div');
  box.id = 'export-progress';
  box.hidden = true;
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Image export');
  const title = document.createElement('div');
  title.className = 'title';
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  const text = document.createElement('div');
  text.className = 'text';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  panel.append(title, bar, text, cancel);
  box.append(panel);
  document.body.append(box);
  return { box, title, bar, text, cancel };
}

/** The main view's image for the panel's PNG button: its name, size and a function drawing it. */
export interface MainViewImage {
  /** The view's name, in the file name and the message ('surface', 'line'). */
  kind: string;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Draw the PNG. */
  png: () => Promise<Blob>;
}

/** Gives the image of the main view at a long side, or null when the main view is the map. */
export type MainViewExport = (side: number) => MainViewImage | null;

let mainViewExport: MainViewExport | null = null;

/** Set what the PNG button exports when the main view is not the map (the views install it; null: the map). */
export function setMainViewExport(f: MainViewExport | null): void {
  mainViewExport = f;
}

/** Add the Export folder to `gui`; returns it (the share link joins it). */
export function installExport(app: App, gui: GUI): GUI {
  const ui = progressBox();
  let controller: AbortController | null = null;
  ui.cancel.addEventListener('click', () => controller?.abort());
  pageKeymap().bind(
    'export.cancel',
    () => controller?.abort(),
    () => controller !== null,
  );
  const p = {
    side: 4096,
    frame: true,
    run: () => void run(),
    svg: () => void saveSvg(),
  };
  const saveSvg = async () => {
    try {
      const text = await exportSvg(app);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
      a.download = 'relu-origami-regions.svg';
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), EXPORT_URL_MS);
      const count = (text.match(/class="region"/g) ?? []).length;
      app.notify('info', `Saved ${a.download} (${count} regions, ${formatBytes(text.length)}).`);
    } catch (e) {
      app.notify('error', `The SVG export failed (the view is kept): ${(e as Error).message}`);
    }
  };
  const saveView = async (v: MainViewImage) => {
    try {
      const blob = await v.png();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `relu-origami-${v.kind}-${v.width}x${v.height}.png`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), EXPORT_URL_MS);
      app.notify('info', `Saved ${a.download} (${formatBytes(blob.size)}).`);
    } catch (e) {
      app.notify('error', `The export failed (the view is kept): ${(e as Error).message}`);
    }
  };
  const run = async () => {
    if (controller) return;
    const other = mainViewExport?.(p.side) ?? null;
    if (other) return saveView(other);
    const { width, height } = exportSizeFor(p.side, app.renderer.canvas.width, app.renderer.canvas.height);
    controller = new AbortController();
    const parts: Uint8Array[] = [];
    ui.title.textContent = `Exporting ${width} x ${height} PNG`;
    ui.bar.value = 0;
    ui.text.textContent = 'starting…';
    ui.box.hidden = false;
    try {
      const look = app.state.look;
      const frame = p.frame
        ? exportFrameOf(app, { axes: look.axes, colourBar: look.colourBar, scaleBar: look.scaleBar })
        : null;
      const r = await app.exportPng({
        width,
        height,
        ...(frame ? { frame } : {}),
        signal: controller.signal,
        sink: (b) => void parts.push(b),
        onProgress: (q) => {
          ui.bar.value = q.pixelsDone / q.pixels;
          ui.text.textContent = progressText(q);
        },
      });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob(parts as BlobPart[], { type: 'image/png' }));
      a.download = `relu-origami-${width}x${height}.png`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), EXPORT_URL_MS);
      app.notify(
        'info',
        `Saved ${a.download} (${formatBytes(r.bytes)}, ${r.parts} parts, ${r.seconds.toFixed(1)} s).`,
      );
    } catch (e) {
      const err = e as Error;
      if (err.name === 'AbortError') app.notify('info', 'The export was cancelled.');
      else app.notify('error', `The export failed (the view is kept): ${err.message}`);
    } finally {
      controller = null;
      ui.box.hidden = true;
    }
  };
  const folder = gui.addFolder('Export');
  folder.add(p, 'side', [...EXPORT_SIDES]).name('PNG long side (px)');
  folder.add(p, 'frame').name('with the frame (axes, bars)');
  folder.add(p, 'run').name('export PNG…');
  folder.add(p, 'svg').name('export SVG (exact regions)');
  installRecording(app, folder);
  folder.close();
  return folder;
}
