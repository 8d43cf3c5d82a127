/** Canvas sizing: the drawing buffer follows the window (times devicePixelRatio) until a script fixes it. */
import type { App } from '../app/app.ts';
import { refitView } from '../app/fit.ts';

/** Size control returned by {@link installCanvasSize}. */
export interface CanvasSize {
  /** Fix the drawing buffer at width x height pixels (CSS size width/dpr x height/dpr) and redraw. */
  fix(width: number, height: number): void;
  /** Match the drawing buffer to the canvas's CSS size now (after a layout change), unless fixed. */
  sync(): void;
}

/**
 * Keep the canvas drawing buffer matched to its CSS size (window resizes and layout changes: the side panel
 * hidden, the dock opened), until {@link CanvasSize.fix} is called; the view is refitted so that its pixels
 * stay square.
 */
export function installCanvasSize(app: App): CanvasSize {
  const canvas = app.renderer.canvas;
  let fixed = false;
  const fitToWindow = () => {
    if (fixed) return;
    const dpr = window.devicePixelRatio || 1;
    const max = app.renderer.limits.maxViewport;
    const w = Math.min(max, Math.max(1, Math.round(canvas.clientWidth * dpr)));
    const h = Math.min(max, Math.max(1, Math.round(canvas.clientHeight * dpr)));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      if (!refitView(app)) app.requestRender();
    }
  };
  window.addEventListener('resize', fitToWindow);
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(fitToWindow).observe(canvas);
  fitToWindow();
  return {
    sync: fitToWindow,
    fix(width, height) {
      fixed = true;
      const dpr = window.devicePixelRatio || 1;
      canvas.style.width = `${width / dpr}px`;
      canvas.style.height = `${height / dpr}px`;
      canvas.width = width;
      canvas.height = height;
      app.requestRender();
    },
  };
}
