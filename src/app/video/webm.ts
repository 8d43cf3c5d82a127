/**
 * WebM (VP9) files from canvas frames: WebCodecs' VideoEncoder encodes each frame, Mediabunny muxes the
 * packets into a WebM file held in memory. Mediabunny is imported on first use, so the explorer loads
 * without it. Nothing here starts a worker or evaluates code (the site's Content-Security-Policy holds).
 */

/** The VP9 codec string: profile 0, level 4.1, 8 bits (WebCodecs registry). */
export const VP9_CODEC = 'vp09.00.41.08';

/** Size and timing of a recording. */
export interface VideoFormat {
  /** Frame width in pixels (even: an odd canvas width loses its last column). */
  width: number;
  /** Frame height in pixels (even, as the width). */
  height: number;
  /** Frames per second (used for the bit rate and the track's nominal rate). */
  fps: number;
  /** Bits per second (default: about 0.15 bit per pixel per frame, at least 1 Mbit/s). */
  bitrate?: number;
}

/** A WebM file being written, frame by frame. */
export interface WebmWriter {
  /** The frame size in pixels. */
  readonly width: number;
  /** The frame height in pixels. */
  readonly height: number;
  /** Frames queued for encoding and not yet encoded. */
  readonly queued: number;
  /**
   * Encode the canvas as it is now, shown from `timestamp` for `duration` seconds; resolves once the
   * encoder can take another frame. Rejects when the encoder or the muxer failed.
   */
  add(canvas: HTMLCanvasElement | OffscreenCanvas, timestamp: number, duration: number): Promise<void>;
  /** Encode what is queued and close the file; resolves with its bytes. */
  finish(): Promise<Uint8Array>;
  /** Drop the file (nothing is returned). */
  cancel(): Promise<void>;
}

/** The even frame size used for a width x height canvas (at least 2 x 2). */
export function evenSize(width: number, height: number): { width: number; height: number } {
  return { width: Math.max(2, width - (width % 2)), height: Math.max(2, height - (height % 2)) };
}

/** The encoder configuration for `f`. */
export function vp9Config(f: VideoFormat): VideoEncoderConfig {
  const bitrate = f.bitrate ?? Math.max(1e6, Math.round(0.15 * f.width * f.height * f.fps));
  return {
    codec: VP9_CODEC,
    width: f.width,
    height: f.height,
    bitrate,
    framerate: f.fps,
    latencyMode: 'quality',
  };
}

/**
 * Null when this browser can encode VP9 at the size of `f` with WebCodecs, else the reason it cannot
 * (no VideoEncoder, or the configuration refused).
 */
export async function vp9Unsupported(f: VideoFormat): Promise<string | null> {
  if (typeof VideoEncoder === 'undefined' || typeof VideoFrame === 'undefined')
    return 'this browser has no WebCodecs VideoEncoder';
  try {
    const r = await VideoEncoder.isConfigSupported(vp9Config(f));
    return r.supported ? null : `this browser's VideoEncoder cannot encode VP9 at ${f.width} x ${f.height}`;
  } catch (e) {
    return `VideoEncoder.isConfigSupported failed: ${(e as Error).message}`;
  }
}

/** At most this many frames wait in the encoder before `add` waits for it. */
const MAX_QUEUE = 3;
/** A key frame at least every this many frames, so that players can seek. */
const KEY_EVERY = 60;

/** Start a WebM file of format `f` (check {@link vp9Unsupported} first). */
export async function createWebmWriter(f: VideoFormat): Promise<WebmWriter> {
  const mb = await import('mediabunny');
  const target = new mb.BufferTarget();
  const output = new mb.Output({ format: new mb.WebMOutputFormat(), target });
  const source = new mb.EncodedVideoPacketSource('vp9');
  output.addVideoTrack(source, { frameRate: f.fps });
  await output.start();
  let failure: Error | null = null;
  // Packets reach the muxer in the encoder's (decode) order, one after another.
  let muxed: Promise<void> = Promise.resolve();
  const encoder = new VideoEncoder({
    output: (chunk, meta) => {
      const packet = mb.EncodedPacket.fromEncodedChunk(chunk);
      muxed = muxed
        .then(() => source.add(packet, meta))
        .catch((e: unknown) => {
          failure ??= e as Error;
        });
    },
    error: (e) => {
      failure ??= e;
    },
  });
  encoder.configure(vp9Config(f));
  let frames = 0;
  const check = () => {
    if (failure) throw new Error(`the video encoder failed: ${failure.message}`);
  };
  const drained = () =>
    new Promise<void>((ok) => {
      const on = () => {
        if (encoder.encodeQueueSize < MAX_QUEUE || failure) {
          encoder.removeEventListener('dequeue', on);
          ok();
        }
      };
      encoder.addEventListener('dequeue', on);
      on();
    });
  return {
    width: f.width,
    height: f.height,
    get queued() {
      return encoder.encodeQueueSize;
    },
    async add(canvas, timestamp, duration) {
      check();
      const frame = new VideoFrame(canvas, {
        timestamp: Math.round(timestamp * 1e6),
        duration: Math.round(duration * 1e6),
        visibleRect: { x: 0, y: 0, width: f.width, height: f.height },
      });
      try {
        encoder.encode(frame, { keyFrame: frames % KEY_EVERY === 0 });
      } finally {
        frame.close();
      }
      frames++;
      await drained();
      check();
    },
    async finish() {
      check();
      await encoder.flush();
      await muxed;
      encoder.close();
      check();
      await output.finalize();
      if (!target.buffer) throw new Error('the WebM file was not written');
      return new Uint8Array(target.buffer);
    },
    async cancel() {
      if (encoder.state !== 'closed') encoder.close();
      await output.cancel().catch(() => {});
    },
  };
}
