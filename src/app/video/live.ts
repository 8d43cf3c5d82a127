/**
 * The live recording: whatever the map canvas shows (dragging, zooming, training, a deck playing), sampled
 * on animation frames at up to `fps` frames per second, each frame stamped with the frame clock's time
 * since the start. VP9 through WebCodecs where the browser has it; else the canvas's stream through
 * MediaRecorder (WebM, the codec the browser picks, times from the stream); encoder.ts chooses and sets up.
 */
import { type MediaRecording, openEncoder } from './encoder.ts';
import type { WebmWriter } from './webm.ts';

/** Options of {@link LiveRecorder.start}. */
export interface LiveOptions {
  /** False: record through MediaRecorder as if WebCodecs could not encode VP9 here (tests). Default true. */
  webcodecs?: boolean;
}

/** What a live recording reports to its listeners (the recording indicator). */
export interface LiveStatus {
  /** True while recording. */
  recording: boolean;
  /** Seconds recorded so far (frame clock). */
  seconds: number;
  /** Frames encoded so far. */
  frames: number;
  /** The encoder used, or null before the first start. */
  encoder: 'webcodecs' | 'mediarecorder' | null;
}

/** A finished live recording. */
export interface LiveResult {
  /** The WebM file. */
  bytes: Uint8Array;
  /** Its MIME type. */
  mimeType: string;
  /** Frames encoded (counted for WebCodecs; 0 when MediaRecorder encoded, which does not tell). */
  frames: number;
  /** Frames skipped because the encoder was behind. */
  dropped: number;
  /** Frame size in pixels. */
  width: number;
  /** Frame height in pixels. */
  height: number;
  /** Length in seconds. */
  duration: number;
  /** The encoder used. */
  encoder: 'webcodecs' | 'mediarecorder';
}

/** Skip a frame while this many wait in the encoder (live frames are never waited for). */
const LIVE_QUEUE = 2;

/** Records the canvas live; one recording at a time. */
export class LiveRecorder {
  private writer: WebmWriter | null = null;
  private media: MediaRecording | null = null;
  private mimeType = '';
  private size = { width: 0, height: 0 };
  private raf = 0;
  private t0 = -1;
  private last = -1;
  private frames = 0;
  private fps = 30;
  private dropped = 0;
  private failure: Error | null = null;
  private status: LiveStatus = { recording: false, seconds: 0, frames: 0, encoder: null };
  private readonly listeners = new Set<(s: LiveStatus) => void>();

  /** A recorder of `canvas`. */
  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** True while recording. */
  get recording(): boolean {
    return this.status.recording;
  }

  /** Call `fn` on every change of the status (start, each second, stop); returns its remover. */
  onStatus(fn: (s: LiveStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(patch: Partial<LiveStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const fn of this.listeners) fn(this.status);
  }

  /** Start recording at up to `fps` frames per second; rejects when already recording or nothing can record. */
  async start(fps = 30, options: LiveOptions = {}): Promise<void> {
    if (this.recording || this.writer || this.media) throw new Error('a recording is already running');
    if (!Number.isFinite(fps) || fps < 1 || fps > 240)
      throw new Error(`fps must be a number from 1 to 240, not ${fps}`);
    this.fps = fps;
    this.frames = 0;
    this.dropped = 0;
    this.failure = null;
    this.t0 = -1;
    this.last = -1;
    const encoder = await openEncoder(this.canvas, {
      fps,
      fallback: true,
      ...(options.webcodecs === false ? { webcodecs: false } : {}),
    });
    // With a fallback allowed the encoder is always chosen (or the call has thrown).
    if (typeof encoder === 'string') throw new Error(encoder);
    this.mimeType = encoder.mimeType;
    this.size = { width: encoder.width, height: encoder.height };
    if (encoder.kind === 'webcodecs') {
      this.writer = encoder.writer;
      this.emit({ recording: true, seconds: 0, frames: 0, encoder: 'webcodecs' });
      const tick = (t: number) => {
        this.raf = requestAnimationFrame(tick);
        this.sample(t, fps);
      };
      this.raf = requestAnimationFrame(tick);
      return;
    }
    this.media = encoder.media;
    this.emit({ recording: true, seconds: 0, frames: 0, encoder: 'mediarecorder' });
    const started = performance.now();
    const tick = (t: number) => {
      this.raf = requestAnimationFrame(tick);
      const s = Math.floor((t - started) / 1000);
      if (s !== Math.floor(this.status.seconds)) this.emit({ seconds: s });
    };
    this.raf = requestAnimationFrame(tick);
  }

  /** Encode the canvas at frame-clock time `t` (ms) unless the last frame is less than 1 / fps old. */
  private sample(t: number, fps: number): void {
    const w = this.writer;
    if (!w || this.failure) return;
    if (this.t0 < 0) this.t0 = t;
    const at = (t - this.t0) / 1000;
    // A quarter frame of slack, so that a 60 Hz display gives 30 fps recordings without beating.
    if (this.last >= 0 && at - this.last < 0.75 / fps) return;
    if (w.queued >= LIVE_QUEUE) {
      this.dropped++;
      return;
    }
    this.last = at;
    this.frames++;
    w.add(this.canvas, at, 1 / fps).catch((e: unknown) => {
      this.failure ??= e as Error;
    });
    if (Math.floor(at) !== Math.floor(this.status.seconds) || this.frames === 1)
      this.emit({ seconds: at, frames: this.frames });
  }

  /** Stop and return the file; rejects when nothing is recording or the encoder failed (the file is lost). */
  async stop(): Promise<LiveResult> {
    cancelAnimationFrame(this.raf);
    const { writer, media } = this;
    this.writer = null;
    this.media = null;
    const seconds = this.status.seconds;
    this.emit({ recording: false });
    if (writer) {
      if (this.failure) {
        await writer.cancel();
        throw new Error(`the recording failed: ${this.failure.message}`);
      }
      const bytes = await writer.finish();
      return {
        bytes,
        mimeType: this.mimeType,
        frames: this.frames,
        dropped: this.dropped,
        width: writer.width,
        height: writer.height,
        duration: this.frames ? this.last + 1 / this.fps : 0,
        encoder: 'webcodecs',
      };
    }
    if (media) {
      return {
        bytes: await media.finish(),
        mimeType: this.mimeType,
        frames: 0,
        dropped: 0,
        ...this.size,
        duration: seconds,
        encoder: 'mediarecorder',
      };
    }
    throw new Error('no recording is running');
  }
}
