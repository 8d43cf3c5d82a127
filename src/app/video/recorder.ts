/**
 * Video recordings of the map canvas (docs/api.md, "Video"). A deterministic recording asks the caller to
 * set frame i, renders it fully and gives it to the encoder at time i / fps, so the file does not depend on
 * how fast the machine is. A live recording samples whatever the canvas shows on each animation frame, at
 * the frame clock's times; where WebCodecs cannot encode VP9 it falls back to MediaRecorder.
 */
import type { App } from '../app.ts';
import { openEncoder } from './encoder.ts';

/** Options of {@link recordFrames}. */
export interface FramesRequest {
  /** Number of frames (1 to 100000). */
  frames: number;
  /** Frames per second (1 to 240). */
  fps: number;
  /** Put the app in the state of frame i (change the view, the model, ...); may be async. */
  step(i: number): void | Promise<void>;
  /** Bits per second (default: see VideoFormat.bitrate). */
  bitrate?: number;
  /** Called after each frame is encoded. */
  onProgress?: (done: number, frames: number) => void;
  /** Cancels the recording (the promise rejects with an AbortError). */
  signal?: AbortSignal;
}

/** A finished recording. */
export interface Recording {
  /** The WebM file. */
  bytes: Uint8Array;
  /** Its MIME type. */
  mimeType: string;
  /** Frames encoded (a live recording drops frames while the encoder is behind). */
  frames: number;
  /** Frames a live recording skipped because the encoder was behind (0 for a deterministic one). */
  dropped: number;
  /** Frame size in pixels. */
  width: number;
  /** Frame height in pixels. */
  height: number;
  /** Length of the video in seconds. */
  duration: number;
  /** Wall-clock seconds the recording took. */
  seconds: number;
  /** Of which seconds spent handing frames to the encoder and closing the file (0 for a live recording). */
  encodeSeconds: number;
  /** 'webcodecs' (VP9 through VideoEncoder) or 'mediarecorder' (the live fallback). */
  encoder: 'webcodecs' | 'mediarecorder';
}

/** The problem with `r`'s counts, or null. */
export function framesRequestError(r: { frames: unknown; fps: unknown }): string | null {
  const { frames, fps } = r;
  if (typeof frames !== 'number' || !Number.isInteger(frames) || frames < 1 || frames > 100000)
    return `frames must be an integer from 1 to 100000, not ${String(frames)}`;
  if (typeof fps !== 'number' || !Number.isFinite(fps) || fps < 1 || fps > 240)
    return `fps must be a number from 1 to 240, not ${String(fps)}`;
  return null;
}

/** An AbortError, as fetch and the PNG export reject with. */
function aborted(): Error {
  return new DOMException('The recording was cancelled.', 'AbortError');
}

/**
 * Record `r.frames` frames of the map: for each i, `r.step(i)`, a full render, then the canvas is encoded
 * at time i / fps. Rejects with a message when VP9 cannot be encoded here, on a bad request, a failed step
 * or a WebGL error; the app keeps the state the last step left.
 */
export async function recordFrames(app: App, r: FramesRequest): Promise<Recording> {
  const err = framesRequestError(r);
  if (err) throw new Error(`recordFrames: ${err}`);
  if (typeof r.step !== 'function') throw new Error('recordFrames: step must be a function');
  const canvas = app.renderer.canvas;
  const started = performance.now();
  const encoder = await openEncoder(canvas, {
    fps: r.fps,
    fallback: false,
    ...(r.bitrate ? { bitrate: r.bitrate } : {}),
  });
  if (typeof encoder === 'string')
    throw new Error(`recordFrames: ${encoder}; a live recording (MediaRecorder) still works`);
  if (encoder.kind !== 'webcodecs') throw new Error('recordFrames: only WebCodecs records frame by frame');
  const { writer } = encoder;
  const size = { width: encoder.width, height: encoder.height };
  let encodeMs = 0;
  try {
    for (let i = 0; i < r.frames; i++) {
      if (r.signal?.aborted) throw aborted();
      await r.step(i);
      const glErr = await app.renderFull();
      if (glErr) throw new Error(`recordFrames: WebGL error at frame ${i}: ${glErr}`);
      if (canvas.width < size.width || canvas.height < size.height)
        throw new Error(`recordFrames: the canvas was resized during the recording (frame ${i})`);
      const t = performance.now();
      await writer.add(canvas, i / r.fps, 1 / r.fps);
      encodeMs += performance.now() - t;
      r.onProgress?.(i + 1, r.frames);
    }
    const t = performance.now();
    const bytes = await writer.finish();
    encodeMs += performance.now() - t;
    return {
      bytes,
      mimeType: encoder.mimeType,
      frames: r.frames,
      dropped: 0,
      ...size,
      duration: r.frames / r.fps,
      seconds: (performance.now() - started) / 1000,
      encodeSeconds: encodeMs / 1000,
      encoder: 'webcodecs',
    };
  } catch (e) {
    await writer.cancel();
    throw e;
  }
}

/** A rectangle of the plane shown. */
export interface ViewRect {
  /** Left edge. */
  x0: number;
  /** Right edge. */
  x1: number;
  /** Bottom edge. */
  y0: number;
  /** Top edge. */
  y1: number;
}

/**
 * The view at fraction `t` (0 to 1, eased by smoothstep) of a zoom from `a` to `b`: each side's length
 * changes geometrically (a constant zoom speed), and the centre moves in proportion to the change of scale,
 * so a zoom into a point inside `a` keeps that point still on screen.
 */
export function zoomView(a: ViewRect, b: ViewRect, t: number): ViewRect {
  const s = t * t * (3 - 2 * t);
  const axis = (a0: number, a1: number, b0: number, b1: number): [number, number] => {
    const wa = a1 - a0;
    const wb = b1 - b0;
    const w = wa * (wb / wa) ** s;
    // Progress of the centre: the fraction of the change of width done (so the centre is p - k w for the
    // fixed point p); linear in s when the width is kept.
    const u = Math.abs(wa - wb) < 1e-12 * Math.abs(wa) ? s : (w - wa) / (wb - wa);
    const c = (a0 + a1) / 2 + u * ((b0 + b1) / 2 - (a0 + a1) / 2);
    return [c - w / 2, c + w / 2];
  };
  const [x0, x1] = axis(a.x0, a.x1, b.x0, b.x1);
  const [y0, y1] = axis(a.y0, a.y1, b.y0, b.y1);
  return { x0, x1, y0, y1 };
}

/** Options of {@link recordZoom}. */
export interface ZoomRequest extends Omit<FramesRequest, 'step'> {
  /** The first view (default: the current one). */
  from?: ViewRect;
  /** The last view. */
  to: ViewRect;
}

/** The problem with view `v` (named `name`), or null. */
function viewError(v: unknown, name: string): string | null {
  const r = v as Partial<ViewRect> | null;
  if (typeof r !== 'object' || r === null) return `${name} must be an object { x0, x1, y0, y1 }`;
  for (const k of ['x0', 'x1', 'y0', 'y1'] as const)
    if (typeof r[k] !== 'number' || !Number.isFinite(r[k])) return `${name}.${k} must be a finite number`;
  if (!(r.x1! > r.x0!) || !(r.y1! > r.y0!)) return `${name} must have x1 > x0 and y1 > y0`;
  return null;
}

/**
 * Record a smooth zoom from `r.from` to `r.to` ({@link zoomView}), frame by frame; the plane and every other
 * setting stay. The view of the last frame is kept.
 */
export function recordZoom(app: App, r: ZoomRequest): Promise<Recording> {
  const from = r.from ?? { ...app.state.view };
  const err = viewError(from, 'from') ?? viewError(r.to, 'to');
  if (err) return Promise.reject(new Error(`recordZoom: ${err}`));
  const last = Math.max(1, r.frames - 1);
  return recordFrames(app, {
    ...r,
    step: (i) => {
      const v = zoomView(from, r.to, i / last);
      const ok = app.update((s) => {
        s.view = { ...s.view, ...v };
      });
      if (!ok) throw new Error(`recordZoom: the view of frame ${i} could not be applied`);
    },
  });
}
