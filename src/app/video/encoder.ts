/**
 * The one place where a recording of a canvas chooses and sets up its encoder, for the deterministic and the
 * live recordings alike: VP9 through WebCodecs (webm.ts) where the browser can encode it at the canvas's
 * (even) size, else, where the caller allows a fallback, MediaRecorder on the canvas's captured stream (WebM,
 * VP9 when offered, else the browser's WebM codec; frame times come from the stream).
 */
import { createWebmWriter, evenSize, VP9_CODEC, vp9Unsupported, type WebmWriter } from './webm.ts';

/** The MIME type of a file written through WebCodecs. */
export const VP9_MIME = `video/webm; codecs="${VP9_CODEC}"`;

/** What a recording asks of its encoder. */
export interface EncoderRequest {
  /** Frames per second. */
  fps: number;
  /** Bits per second (WebCodecs only; default: see VideoFormat.bitrate). */
  bitrate?: number;
  /** Fall back to MediaRecorder where WebCodecs cannot encode VP9 (live recordings only). */
  fallback: boolean;
  /** False: act as if this browser had no WebCodecs VP9 encoder (to exercise the fallback). Default true. */
  webcodecs?: boolean;
}

/** A MediaRecorder recording of a canvas's stream, started. */
export interface MediaRecording {
  /** The recorder. */
  readonly recorder: MediaRecorder;
  /** Stop, end the stream's tracks and return the file's bytes. */
  finish(): Promise<Uint8Array>;
}

/** The encoder chosen for a canvas, with the frame size and the MIME type of the file it writes. */
export type Encoder = { width: number; height: number; mimeType: string } & (
  | { kind: 'webcodecs'; writer: WebmWriter }
  | { kind: 'mediarecorder'; media: MediaRecording }
);

/**
 * Start MediaRecorder on `canvas`'s stream at `fps`, delivering data every second; throws with a message
 * where the browser has no MediaRecorder, no canvas capture or no WebM type.
 */
export function startMediaRecorder(canvas: HTMLCanvasElement, fps: number): MediaRecording {
  if (typeof MediaRecorder === 'undefined' || typeof canvas.captureStream !== 'function')
    throw new Error('this browser can record no video (no VP9 VideoEncoder and no MediaRecorder)');
  const type = ['video/webm;codecs=vp9', 'video/webm'].find((t) => MediaRecorder.isTypeSupported(t));
  if (!type) throw new Error('this browser records no WebM video');
  const recorder = new MediaRecorder(canvas.captureStream(fps), { mimeType: type });
  const parts: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) parts.push(e.data);
  };
  const stopped = new Promise<void>((ok) => {
    recorder.onstop = () => ok();
  });
  recorder.start(1000);
  return {
    recorder,
    async finish() {
      if (recorder.state !== 'inactive') recorder.stop();
      await stopped;
      for (const t of recorder.stream.getTracks()) t.stop();
      return new Uint8Array(await new Blob(parts, { type: recorder.mimeType }).arrayBuffer());
    },
  };
}

/**
 * The encoder for `canvas` as it is now: WebCodecs' VP9 where it can encode (and `r.webcodecs` is not false),
 * else MediaRecorder when `r.fallback`. Without a fallback, resolves with the reason VP9 cannot be encoded
 * here (a string); a missing MediaRecorder rejects with a message.
 */
export async function openEncoder(canvas: HTMLCanvasElement, r: EncoderRequest): Promise<Encoder | string> {
  const size = evenSize(canvas.width, canvas.height);
  const format = { ...size, fps: r.fps, ...(r.bitrate ? { bitrate: r.bitrate } : {}) };
  const why =
    r.webcodecs === false ? 'WebCodecs is switched off for this recording' : await vp9Unsupported(format);
  if (!why) return { kind: 'webcodecs', writer: await createWebmWriter(format), mimeType: VP9_MIME, ...size };
  if (!r.fallback) return why;
  const media = startMediaRecorder(canvas, r.fps);
  return { kind: 'mediarecorder', media, mimeType: media.recorder.mimeType, ...size };
}
