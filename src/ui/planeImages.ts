/**
 * Image inputs on the map: for a network whose input dimension is a square (64 = 8 x 8, 784 = 28 x 28), the
 * three anchor inputs of the plane (p0, p1, p2) are shown as small grey images beside the map, and a fourth
 * shows the input at the point under the cursor. All four share one grey scale, from the smallest to the
 * largest coordinate of the anchors (values beyond it are clamped), so they can be compared by eye.
 */
import type { App } from '../app/app.ts';
import { pointAt } from '../engine/plane.ts';

/** The side of the square image an n-coordinate input is shown as, or 0 when n is not a square of at least 4 x 4. */
export function imageSide(n: number): number {
  const side = Math.round(Math.sqrt(n));
  return side >= 4 && side * side === n ? side : 0;
}

/**
 * Write the grey RGBA pixels of input `x` (row-major, side x side) into `out`, mapping [lo, hi] to black
 * to white (clamped; a NaN is black). Returns `out`.
 */
export function greyPixels(
  x: ArrayLike<number>,
  lo: number,
  hi: number,
  out: Uint8ClampedArray,
): Uint8ClampedArray {
  const span = hi > lo ? hi - lo : 1;
  for (let k = 0; k < x.length; k++) {
    const g = Math.round((255 * (x[k]! - lo)) / span);
    const v = Number.isNaN(g) ? 0 : Math.max(0, Math.min(255, g));
    out[4 * k] = v;
    out[4 * k + 1] = v;
    out[4 * k + 2] = v;
    out[4 * k + 3] = 255;
  }
  return out;
}

/** Install the image strip; it shows only while the network's input is an image. */
export function installPlaneImages(app: App): void {
  const box = document.createElement('div');
  box.id = 'plane-images';
  box.hidden = true;
  const names = ['p0', 'p1', 'p2', 'under the cursor'];
  const canvases = names.map((name) => {
    const fig = document.createElement('figure');
    const c = document.createElement('canvas');
    c.width = 1;
    c.height = 1;
    const cap = document.createElement('figcaption');
    cap.textContent = name;
    fig.append(c, cap);
    box.append(fig);
    return c;
  });
  const scale = document.createElement('div');
  scale.className = 'plane-images-scale';
  box.append(scale);
  document.body.append(box);
  let side = 0;
  let lo = 0;
  let hi = 1;
  let image: ImageData | null = null;
  let point = new Float64Array(0);
  const draw = (c: HTMLCanvasElement, x: ArrayLike<number>) => {
    const ctx = c.getContext('2d');
    if (!ctx) return;
    image ??= ctx.createImageData(side, side);
    greyPixels(x, lo, hi, image.data);
    ctx.putImageData(image, 0, 0);
  };
  const refresh = () => {
    const n = app.net.inputDim;
    side = imageSide(n);
    box.hidden = side === 0;
    if (side === 0) return;
    const m = app.map;
    const anchors = [m.origin, m.origin.map((v, i) => v + m.ds[i]!), m.origin.map((v, i) => v + m.dt[i]!)];
    lo = Number.POSITIVE_INFINITY;
    hi = Number.NEGATIVE_INFINITY;
    for (const a of anchors) {
      for (const v of a) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (!(hi > lo)) hi = lo + 1;
    image = null;
    point = new Float64Array(n);
    for (const c of canvases) {
      c.width = side;
      c.height = side;
    }
    for (let k = 0; k < 3; k++) draw(canvases[k]!, anchors[k]!);
    canvases[3]!.getContext('2d')?.clearRect(0, 0, side, side);
    scale.textContent = `${side} x ${side}, grey ${lo.toPrecision(3)} (black) to ${hi.toPrecision(3)} (white)`;
  };
  const view = app.renderer.canvas;
  view.addEventListener('pointermove', (e) => {
    if (side === 0) return;
    const r = view.getBoundingClientRect();
    const v = app.state.view;
    const s = v.x0 + ((e.clientX - r.left) / r.width) * (v.x1 - v.x0);
    const t = v.y1 - ((e.clientY - r.top) / r.height) * (v.y1 - v.y0);
    draw(canvases[3]!, pointAt(app.map, s, t, point));
  });
  app.on('changed', refresh);
  refresh();
}
