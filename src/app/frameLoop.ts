/**
 * The explorer's frame loop: it schedules frames only on change, draws a heavy frame over several
 * animation frames (steps of about STEP_MS, the budget learnt from the device's speed), draws interactive
 * frames at reduced resolution and refines them once the interaction pauses. It never shows a stale or
 * half-drawn picture: a frame reaches the canvas only when it is complete, and a state whose full frame
 * takes more than one step (a new network, a new view of a heavy one) is first drawn coarse, at a
 * resolution that fits one step, then at full resolution with its progress reported.
 */
import { REFINE_DELAY_MS } from '../engine/limits.ts';
import type { DeviceFence, DisplayOptions, FrameJob, MapRenderer, Overlay } from '../render/mapRenderer.ts';
import { coarseReductionFor, macsPerDrawFor, STEP_MS } from './frameBudget.ts';

/**
 * Milliseconds without a newer request after which an interactive frame of a given divisor (live training)
 * is refined to full resolution: longer than any gap between live updates, so it happens only when they stop
 * without a settled update.
 */
export const LIVE_REFINE_DELAY_MS = 1500;

/**
 * Milliseconds a live frame's fence may stay unsignalled before the loop waits for the device the blocking
 * way (a one-pixel read): a guard against a driver whose fences never signal.
 */
export const FENCE_WAIT_LIMIT_MS = 2000;

/**
 * Milliseconds between looks at a live frame's fence. A timer, not an animation frame: the frame is complete
 * (and the next weights go in) as soon as the device is done, and the next frame starts on the next animation
 * frame, so an update costs one animation frame rather than two.
 */
export const FENCE_POLL_MS = 2;

/** What the loop needs of the App. */
export interface FrameHost {
  /** The renderer drawn with. */
  readonly renderer: MapRenderer;
  /** A number that changes whenever the state drawn changes (network, view, colours). */
  readonly stateGeneration: number;
  /** The display options of the current state. */
  display(): DisplayOptions;
  /** The overlay of the current state. */
  overlay(): Overlay;
  /** The resolution divisor of interactive frames. */
  interactiveReduction(): number;
  /** A frame was completed at 1/`reduction` resolution; returns the device error after it, or null. */
  finished(reduction: number): string | null;
  /** The full-resolution frame in progress is this fraction drawn (0 to 1), or none is (null). */
  refining(done: number | null): void;
}

/** Schedules and steps the frames of one App (see the file comment). */
export class FrameLoop {
  /** Multiply-adds drawn per step of a frame, adapted to the device so that a step takes about STEP_MS. */
  stepMacs = 2 ** 28;
  /** The state generation shown by the canvas (of the last completed frame), or -1 before the first. */
  drawnGeneration = -1;
  /** Frames completed so far (every resolution). */
  framesDrawn = 0;
  /** Steps drawn so far (a frame takes one or more). */
  stepsDrawn = 0;
  /**
   * Milliseconds the last live frame took, from its first step to its fence seen signalled (the device's
   * work, the waits for animation frames and the page's other tasks: what an update costs); 0 before one.
   */
  liveFrameMs = 0;
  /** When the live frame in progress started (its first step). */
  private liveStart = 0;
  private rafHandle = 0;
  /** True while an animation frame is requested and no frame of this request has started. */
  private rafPending = false;
  private timeoutHandle: ReturnType<typeof setTimeout> | null = null;
  private refineTimer: ReturnType<typeof setTimeout> | null = null;
  private job: FrameJob | null = null;
  private reduction = 1;
  private interactive = false;
  private coarse = false;
  /** True when the frame's divisor was given by the request (live training). */
  private explicit = false;
  private generation = 0;
  private progress: number | null = null;
  private waiters: ((err: string | null) => void)[] = [];
  /** The fence after the last step of a live frame, polled on the following animation frames; or null. */
  private fence: DeviceFence | null = null;
  /** When that step started, the multiply-adds it drew, and whether it ended the frame. */
  private fenceStart = 0;
  private fenceMacs = 0;
  private fenceDone = false;

  constructor(private readonly host: FrameHost) {}

  /** Abandon the frame in progress and any scheduled one. */
  cancel(): void {
    cancelAnimationFrame(this.rafHandle);
    this.rafPending = false;
    if (this.timeoutHandle) clearTimeout(this.timeoutHandle);
    if (this.refineTimer) clearTimeout(this.refineTimer);
    this.timeoutHandle = null;
    this.refineTimer = null;
    this.job = null;
    this.fence?.release();
    this.fence = null;
  }

  /**
   * Schedule a frame (requests coalesce; a new one abandons a frame in progress): interactive frames at
   * reduced resolution, others at full resolution, preceded by a coarse frame when the canvas does not show
   * the current state yet and its full frame needs more than one step. `reduction`, when given, is the
   * resolution divisor of this frame (live training picks one that keeps up with its updates).
   */
  request(interactive = false, reduction?: number): void {
    // An animation frame already requested and not started is kept: it draws the newest state anyway, and
    // cancelling it at every event of a fast stream (a wheel every 10 ms) would starve the frames.
    const keep = this.rafPending && this.job === null && this.waiters.length === 0;
    if (keep) {
      if (this.refineTimer) clearTimeout(this.refineTimer);
      this.refineTimer = null;
    } else this.cancel();
    const h = this.host;
    this.generation = h.stateGeneration;
    this.interactive = interactive;
    this.coarse = false;
    this.reduction = 1;
    this.explicit = reduction !== undefined;
    if (reduction !== undefined) {
      this.reduction = Math.max(1, Math.floor(reduction));
    } else if (interactive) {
      this.reduction = h.interactiveReduction();
    } else if (this.drawnGeneration !== this.generation) {
      const { width, height } = h.renderer.canvas;
      const cost = width * height * h.renderer.displayMacsPerPixel(h.display());
      if (cost > this.stepMacs) {
        this.reduction = coarseReductionFor(h.renderer.canvas, cost, this.stepMacs);
        this.coarse = true;
      }
    }
    this.setProgress(interactive ? null : this.coarse ? 0 : this.progress);
    if (!keep) this.schedule();
  }

  /**
   * Draw a full-resolution frame of the current state, yielding to the page between steps (no animation
   * frame needed: a hidden page draws too); resolves with the device error after it, or null. A newer
   * request replaces the frame; the promise then resolves when that one is complete at full resolution.
   */
  renderFull(): Promise<string | null> {
    const done = new Promise<string | null>((resolve) => this.waiters.push(resolve));
    this.request(false);
    return done;
  }

  /** Draw a whole frame now, in one go, at 1/`reduction` resolution; returns the device error, or null. */
  drawNow(reduction: number): string | null {
    this.cancel();
    const h = this.host;
    h.renderer.draw(h.display(), reduction, h.overlay());
    return this.completed(reduction, h.stateGeneration);
  }

  private schedule(): void {
    // While the API waits for a frame, steps are scheduled as tasks: they run in hidden pages as well.
    if (this.waiters.length > 0) this.timeoutHandle = setTimeout(this.next, 0);
    else {
      this.rafHandle = requestAnimationFrame(this.next);
      this.rafPending = true;
    }
  }

  /** Look at the live frame's fence again in FENCE_POLL_MS (a task: a browser updates fences between tasks). */
  private pollFence(): void {
    this.timeoutHandle = setTimeout(this.next, FENCE_POLL_MS);
  }

  private setProgress(p: number | null): void {
    if (p === this.progress) return;
    this.progress = p;
    this.host.refining(p);
  }

  private completed(reduction: number, generation: number): string | null {
    this.drawnGeneration = generation;
    this.framesDrawn++;
    if (reduction === 1) this.setProgress(null);
    const err = this.host.finished(reduction);
    if (reduction === 1) for (const w of this.waiters.splice(0)) w(err);
    return err;
  }

  // The loop's callbacks are made once: a frame allocates nothing here.
  private readonly refine = () => this.request(false);
  private readonly next = () => {
    this.timeoutHandle = null;
    this.rafPending = false;
    const h = this.host;
    if (this.fence) {
      // A live frame's step is on the device: look again shortly until it is done.
      const waited = performance.now() - this.fenceStart;
      if (!this.fence.signalled()) {
        if (waited < FENCE_WAIT_LIMIT_MS) {
          this.pollFence();
          return;
        }
        h.renderer.finish();
        this.fence.release();
      }
      this.fence = null;
      // The time seen includes the wait for animation frames and the page's other tasks, so it does not teach
      // the device's speed (the live divisor follows the frame time itself, see liveFrameMs).
      this.stepped(0, this.fenceMacs, this.fenceDone);
      return;
    }
    if (!this.job) {
      this.liveStart = performance.now();
      this.job = h.renderer.startFrame(h.display(), this.reduction, h.overlay());
      if (!this.job) {
        // Nothing can be drawn (no network or view, or a lost device): answer the waiters.
        this.setProgress(null);
        for (const w of this.waiters.splice(0)) w(h.renderer.glError());
        return;
      }
    }
    const job = this.job;
    const t0 = performance.now();
    const before = job.macsDone;
    const done = job.step(this.stepMacs);
    this.stepsDrawn++;
    // A live frame (a divisor given by the request) does not block the page on the device: a fence,
    // polled every FENCE_POLL_MS, tells when it is drawn, and the page trains, charts and composites
    // meanwhile. The frame is complete (and the next weights go in) only then.
    const fence = this.explicit ? h.renderer.fence() : null;
    if (fence) {
      this.fence = fence;
      this.fenceStart = t0;
      this.fenceMacs = job.macsDone - before;
      this.fenceDone = done;
      this.pollFence();
      return;
    }
    // Wait for the GPU, so that the time is the step's real cost: the device's speed, learnt frame by frame,
    // sizes the steps (STEP_MS each) and the resolution of interactive frames (INTERACTIVE_FRAME_MS).
    h.renderer.finish();
    this.stepped(performance.now() - t0, job.macsDone - before, done);
  };

  /** A step of `macs` multiply-adds took `dt` ms on the device; `done` when it ended the frame. */
  private stepped(dt: number, macs: number, done: boolean): void {
    this.learn(dt, macs);
    if (!done) {
      const job = this.job!;
      if (!this.interactive && !this.coarse) this.setProgress(job.macs > 0 ? job.macsDone / job.macs : 0);
      this.schedule();
      return;
    }
    this.job = null;
    if (this.explicit) this.liveFrameMs = performance.now() - this.liveStart;
    this.completed(this.reduction, this.generation);
    if (this.coarse) {
      // The coarse picture is up: now the full resolution, at once.
      this.coarse = false;
      this.reduction = 1;
      this.schedule();
    } else if (this.interactive) {
      // A frame of a given divisor (live training) is followed by newer weights, not refined meanwhile:
      // a full-resolution frame cut short by the next update would only hold the device up.
      this.refineTimer = setTimeout(this.refine, this.explicit ? LIVE_REFINE_DELAY_MS : REFINE_DELAY_MS);
    }
  }

  private learn(dt: number, macs: number): void {
    if (dt < 2 || macs <= 0) return;
    // Steps that took long count fully; short ones (timer noise) only nudge the estimate.
    const target = Math.max(2 ** 20, (macs / dt) * STEP_MS);
    const weight = Math.min(1, dt / STEP_MS);
    this.stepMacs = Math.min(
      this.stepMacs * 4,
      Math.max(this.stepMacs / 4, this.stepMacs + weight * (target - this.stepMacs)),
    );
    this.host.renderer.macsPerDraw = macsPerDrawFor(this.stepMacs);
  }
}
