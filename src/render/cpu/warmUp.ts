/**
 * The first frame of a WebGL2 renderer rebuilt after a context loss, drawn while the CPU renderer's picture
 * is still shown over it: the frame's commands are issued at once (compiling its programs is the GPU
 * process's work), then a fence is polled between tasks, so the page never blocks on the compile. When
 * the frame is done the fallback hands the map to the GL renderer; its canvas already holds the frame.
 */
import type { DisplayOptions, Overlay } from '../mapRenderer.ts';
import type { Renderer } from '../renderer.ts';

/** Milliseconds between polls of the fence. */
const POLL_MS = 8;
/** Frames drawn at most when the state keeps changing during the warm-up (the later ones are fast). */
const MAX_ROUNDS = 4;

/** A frame to draw: the display options and the overlay of the last frame asked of the fallback. */
export interface WarmUpFrame {
  /** What the frame shows. */
  display: DisplayOptions;
  /** The polygons drawn over it. */
  overlay: Overlay | null;
}

/** One warm-up of a rebuilt GL renderer (see the module comment). */
export class GpuWarmUp {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sync: WebGLSync | null = null;
  private changed = false;
  private rounds = 0;
  private over = false;

  /** Warm `gpu` up with the frame `frame()` gives; `done` is called once that frame is complete. */
  constructor(
    private readonly gpu: Renderer,
    private readonly frame: () => WarmUpFrame | null,
    private readonly done: (w: GpuWarmUp) => void,
  ) {}

  /** Draw the frame now (commands only) and start polling for its completion. */
  start(): void {
    this.changed = false;
    this.rounds++;
    const gl = this.gpu.gl;
    const f = this.frame();
    if (f) this.gpu.startFrame(f.display, 1, f.overlay)?.step(Number.POSITIVE_INFINITY);
    this.sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    gl.flush();
    this.timer = setTimeout(this.poll, POLL_MS);
  }

  /** The network, view or display changed: the frame is drawn again before the GL renderer takes over. */
  stale(): void {
    this.changed = true;
  }

  /** Stop (the context was lost again, or the renderer destroyed). */
  cancel(): void {
    this.over = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.release();
  }

  private release(): void {
    const gl = this.gpu.gl;
    if (this.sync && !gl.isContextLost()) gl.deleteSync(this.sync);
    this.sync = null;
  }

  private readonly poll = () => {
    this.timer = null;
    const gl = this.gpu.gl;
    if (this.over || gl.isContextLost()) return;
    if (this.sync && gl.getSyncParameter(this.sync, gl.SYNC_STATUS) !== gl.SIGNALED) {
      this.timer = setTimeout(this.poll, POLL_MS);
      return;
    }
    this.release();
    if (this.changed && this.rounds < MAX_ROUNDS) {
      this.start();
      return;
    }
    this.over = true;
    this.done(this);
  };
}
