/**
 * The video part of the scripting API (docs/api.md, "Video"): deterministic recordings (frame by frame, a
 * zoom between two views) and the live recording that the export panel and the `V` key start and stop.
 */
import { EXPORT_URL_MS } from '../../engine/limits.ts';
import type { App } from '../app.ts';
import { type LiveOptions, LiveRecorder, type LiveResult } from './live.ts';
import {
  type FramesRequest,
  type Recording,
  recordFrames,
  recordZoom,
  type ZoomRequest,
} from './recorder.ts';

/** Where a finished recording goes, besides being returned. */
export interface SaveOption {
  /** Also download the file under this name (a Blob and an anchor; works under the site's policy). */
  download?: string;
}

/** The video methods of `window.reluOrigami`. */
export interface VideoApi {
  /**
   * Record `frames` frames at `fps`: for each i, `step(i)` (set the view, the model, ...), a full render,
   * then the frame is encoded at time i / fps (VP9 in WebM). Resolves with the file and its figures; rejects
   * with a message where this browser cannot encode VP9, on a bad request or a failed step.
   */
  recordFrames(request: FramesRequest & SaveOption): Promise<Recording>;
  /** Record a smooth zoom from `from` (default: the current view) to `to`; the last view is kept. */
  recordZoom(request: ZoomRequest & SaveOption): Promise<Recording>;
  /**
   * Start the live recording of the map canvas at up to `fps` (default 30) frames per second;
   * `{ webcodecs: false }` records through the MediaRecorder fallback as if WebCodecs could not encode VP9.
   */
  startRecording(fps?: number, options?: LiveOptions): Promise<void>;
  /** Stop the live recording; resolves with the file. */
  stopRecording(options?: SaveOption): Promise<LiveResult>;
  /** True while a live recording runs. */
  isRecording(): boolean;
}

const recorders = new WeakMap<App, LiveRecorder>();

/** The one live recorder of `app`'s canvas. */
export function liveRecorderOf(app: App): LiveRecorder {
  let r = recorders.get(app);
  if (!r) {
    r = new LiveRecorder(app.renderer.canvas);
    recorders.set(app, r);
  }
  return r;
}

/** Download `bytes` as `name` (type `mimeType`). */
export function downloadBytes(bytes: Uint8Array, name: string, mimeType: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mimeType }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), EXPORT_URL_MS);
}

/** Save `r` as asked by `o`, and return it. */
function saved<R extends { bytes: Uint8Array; mimeType: string }>(r: R, o?: SaveOption): R {
  if (o?.download) downloadBytes(r.bytes, o.download, r.mimeType);
  return r;
}

/** The video methods for `app`. */
export function videoApi(app: App): VideoApi {
  const live = liveRecorderOf(app);
  return {
    async recordFrames(request) {
      return saved(await recordFrames(app, request), request);
    },
    async recordZoom(request) {
      return saved(await recordZoom(app, request), request);
    },
    startRecording(fps, options) {
      return live.start(fps, options);
    },
    async stopRecording(options) {
      return saved(await live.stop(), options);
    },
    isRecording() {
      return live.recording;
    },
  };
}
