/**
 * A frame of the CPU renderer: passes (a coarse one first when the frame is heavy, then the requested
 * resolution), each cut into bands of rows that workers draw (bands.ts); each step sends bands to idle
 * workers and copies the bands that came back into the canvas, scaled up as the WebGL2 composite scales a
 * reduced pass (nearest pixel). Without workers the bands are drawn on the main thread within the step's
 * budget. A new frame cancels the previous one (its queued bands are dropped by message, and any band of
 * it that still arrives is ignored).
 */
import type { Network } from '../../engine/model.ts';
import type { PlaneMap } from '../../engine/plane.ts';
import type { ViewRect } from '../../engine/range.ts';
import type { FrameJob, Overlay } from '../mapRenderer.ts';
import {
  type BandRequest,
  drawBand,
  type FromBandWorker,
  type ReadBandRequest,
  type ToBandWorker,
} from './bands.ts';
import type { ColourPlan } from './colour.ts';
import { CpuRead, readBandRows, readMacsPerPixel } from './reads.ts';
import type { WordRead } from './words.ts';

/** Multiply-adds per band: about 10 to 30 ms of a worker's time. */
export const BAND_MACS = 2 ** 22;
/** Frames heavier than this (multiply-adds) start with a coarse pass at 1/{@link COARSE_REDUCTION}. */
export const COARSE_MACS = 2 ** 23;
/** Resolution divisor of the coarse pass. */
export const COARSE_REDUCTION = 8;

/** The worker interface the pool needs (a DOM Worker, or a fake in tests). */
export interface BandWorker {
  postMessage(m: ToBandWorker): void;
  onmessage: ((e: MessageEvent<FromBandWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

/** What a frame draws: the network and its sequence number, the view, the plan, the canvas and overlay. */
export interface FrameSpec {
  net: Network;
  netSeq: number;
  map: PlaneMap;
  view: ViewRect;
  plan: ColourPlan;
  macsPerPixel: number;
  reduction: number;
  overlay: Overlay | null;
}

interface Pass {
  reduction: number;
  width: number;
  height: number;
  bands: { y: number; rows: number }[];
  sent: number;
  done: number;
}

interface PoolWorker {
  worker: BandWorker;
  netSeq: number;
  inFlight: number;
}

/** The pool of band workers of one CPU renderer and the frame in progress. */
export class BandPool {
  private readonly workers: PoolWorker[] = [];
  private frame: CpuFrame | null = null;
  private jobs = 0;
  private readonly reads = new Map<number, CpuRead>();
  private readSeq = 0;
  /** The last failure of a worker, or null. */
  error: string | null = null;

  /** A pool of `size` workers made by `create` (none: bands are drawn on the main thread). */
  constructor(
    private readonly create: (() => BandWorker) | null,
    private readonly size: number,
  ) {}

  /** Start a frame of `spec` into `ctx` (cancelling the frame in progress). */
  start(spec: FrameSpec, ctx: CanvasRenderingContext2D, image: ImageData): CpuFrame {
    this.cancel();
    const job = ++this.jobs;
    const frame = new CpuFrame(this, job, spec, ctx, image);
    this.frame = frame;
    return frame;
  }

  /** Cancel the frame in progress, if any. */
  cancel(): void {
    const f = this.frame;
    if (!f) return;
    for (const w of this.workers) if (w.inFlight > 0) w.worker.postMessage({ type: 'cancel', job: f.job });
    this.frame = null;
  }

  /** True while `frame` is the frame in progress. */
  current(frame: CpuFrame): boolean {
    return this.frame === frame;
  }

  /** The workers idle enough for a band of a frame of `spec` (holding its network). */
  idle(spec: FrameSpec): PoolWorker[] {
    this.holding(spec.netSeq, spec.net);
    return this.workers.filter((w) => w.inFlight < 2);
  }

  /**
   * Read `spec` at width x height of `view` over the workers (see reads.ts), or null when the pool has no
   * workers (the caller then reads on its own thread).
   */
  read(
    net: Network,
    netSeq: number,
    macsPerPixel: number,
    view: { map: PlaneMap; view: ViewRect },
    width: number,
    height: number,
    spec: WordRead,
  ): Promise<Uint32Array> | null {
    const workers = this.holding(netSeq, net);
    if (workers.length === 0) return null;
    const bands = readBandRows(width, height, readMacsPerPixel(spec, macsPerPixel));
    const id = ++this.readSeq;
    const r = new CpuRead(width, height, spec, bands.length);
    if (r.settled) return r.promise;
    this.reads.set(id, r);
    const forget = () => this.reads.delete(id);
    r.promise.then(forget, forget);
    bands.forEach((b, k) => {
      const m: ReadBandRequest = {
        read: id,
        net: netSeq,
        ...view,
        imageWidth: width,
        imageHeight: height,
        ...b,
        spec,
      };
      workers[k % workers.length]!.worker.postMessage({ type: 'read', ...m });
    });
    return r.promise;
  }

  /** The workers, made on first use (none without a factory or when one cannot start), holding `net`. */
  private holding(netSeq: number, net: Network): PoolWorker[] {
    if (this.create && this.workers.length === 0) {
      try {
        for (let i = 0; i < this.size; i++) this.workers.push(this.spawn());
      } catch (e) {
        this.error = `the CPU renderer's workers could not start: ${e instanceof Error ? e.message : String(e)}`;
        for (const w of this.workers) w.worker.terminate();
        this.workers.length = 0;
      }
    }
    for (const w of this.workers) {
      if (w.netSeq !== netSeq) {
        w.worker.postMessage({ type: 'network', seq: netSeq, net });
        w.netSeq = netSeq;
      }
    }
    return this.workers;
  }

  private spawn(): PoolWorker {
    const w: PoolWorker = { worker: this.create!(), netSeq: -1, inFlight: 0 };
    w.worker.onmessage = (e) => {
      const m = e.data;
      if (m.type === 'words' || m.type === 'readError') {
        const r = this.reads.get(m.read);
        if (m.type === 'words') r?.receive(m.y, m.rows, m.words);
        else r?.fail(m.message);
        return;
      }
      w.inFlight = Math.max(0, w.inFlight - 1);
      const f = this.frame;
      if (!f || m.job !== f.job) return;
      if (m.type === 'error') f.fail(m.message);
      else f.receive(m.pass, m.y, m.rows, m.rgba);
    };
    w.worker.onerror = (e) => {
      e.preventDefault?.();
      w.inFlight = 0;
      this.error = `a CPU render worker failed: ${e.message || 'unknown error'}`;
      this.frame?.fail(this.error);
      for (const r of this.reads.values()) r.fail(this.error);
    };
    return w;
  }

  /** Send `band` to `w`. */
  send(w: PoolWorker, band: BandRequest): void {
    w.inFlight++;
    w.worker.postMessage({ type: 'band', ...band });
  }

  /** True when the pool has workers. */
  get threaded(): boolean {
    return this.workers.length > 0;
  }

  /** Stop every worker. */
  destroy(): void {
    this.cancel();
    for (const r of this.reads.values()) r.fail('the CPU renderer was destroyed during the read');
    for (const w of this.workers) w.worker.terminate();
    this.workers.length = 0;
  }
}

/** One frame of the CPU renderer (a {@link FrameJob}). */
export class CpuFrame implements FrameJob {
  readonly macs: number;
  macsDone = 0;
  private readonly passes: Pass[] = [];
  private failed = false;

  constructor(
    private readonly pool: BandPool,
    /** The frame's number. */
    readonly job: number,
    private readonly spec: FrameSpec,
    private readonly ctx: CanvasRenderingContext2D,
    private readonly image: ImageData,
  ) {
    const W = image.width;
    const H = image.height;
    const perPixel = spec.macsPerPixel * (spec.plan.gradient ? 3 : 1);
    const reductions =
      spec.reduction === 1 && W * H * perPixel > COARSE_MACS ? [COARSE_REDUCTION, 1] : [spec.reduction];
    let macs = 0;
    for (const r of reductions) {
      const width = Math.max(1, Math.ceil(W / r));
      const height = Math.max(1, Math.ceil(H / r));
      const rows = Math.max(1, Math.floor(BAND_MACS / (width * perPixel)));
      const bands: Pass['bands'] = [];
      for (let y = 0; y < height; y += rows) bands.push({ y, rows: Math.min(rows, height - y) });
      this.passes.push({ reduction: r, width, height, bands, sent: 0, done: 0 });
      macs += width * height * perPixel;
    }
    this.macs = macs;
    this.perPixel = perPixel;
  }

  private readonly perPixel: number;

  /** Send bands to idle workers (or draw some here), copy what came back; true when the frame is complete. */
  step(macs: number): boolean {
    if (this.failed || !this.pool.current(this)) return true;
    const idle = this.pool.idle(this.spec);
    if (this.pool.threaded) {
      for (const w of idle) {
        for (let k = w.inFlight; k < 2; k++) {
          const b = this.nextBand();
          if (b) this.pool.send(w, b);
        }
      }
    } else {
      let budget = macs;
      do {
        const b = this.nextBand();
        if (!b) break;
        this.receive(b.pass, b.y, b.rows, drawBand(this.spec.net, b));
        budget -= b.imageWidth * b.rows * this.perPixel;
      } while (budget > 0);
    }
    return this.complete();
  }

  private complete(): boolean {
    const last = this.passes[this.passes.length - 1]!;
    return this.failed || last.done === last.bands.length;
  }

  private nextBand(): BandRequest | null {
    for (let p = 0; p < this.passes.length; p++) {
      const pass = this.passes[p]!;
      const b = pass.bands[pass.sent];
      if (!b) continue;
      pass.sent++;
      const s = this.spec;
      return {
        job: this.job,
        pass: p,
        net: s.netSeq,
        map: s.map,
        view: s.view,
        imageWidth: pass.width,
        imageHeight: pass.height,
        y: b.y,
        rows: b.rows,
        plan: s.plan,
      };
    }
    return null;
  }

  /** A worker failed on this frame: it ends, and the failure is the pool's error. */
  fail(message: string): void {
    this.failed = true;
    this.pool.error = message;
  }

  /** Copy band rows y .. y + rows - 1 of pass `p` (RGBA) into the canvas, scaled to it. */
  receive(p: number, y: number, rows: number, rgba: Uint8ClampedArray): void {
    const pass = this.passes[p]!;
    pass.done++;
    this.macsDone += pass.width * rows * this.perPixel;
    // A coarse band that arrives after the fine pass has begun drawing is not copied over it.
    const later = this.passes.slice(p + 1).some((q) => q.done > 0);
    if (!later) this.blit(pass, y, rows, rgba);
    if (this.complete() && this.spec.overlay)
      drawOverlay(this.ctx, this.spec.overlay, this.spec.view, this.image);
  }

  private blit(pass: Pass, y: number, rows: number, rgba: Uint8ClampedArray): void {
    const { width: W, height: H, data } = this.image;
    let first = -1;
    let last = -1;
    for (let Y = 0; Y < H; Y++) {
      const sy = Math.min(pass.height - 1, Math.floor(((Y + 0.5) * pass.height) / H));
      if (sy < y || sy >= y + rows) continue;
      if (first < 0) first = Y;
      last = Y;
      const src = (sy - y) * pass.width;
      for (let X = 0; X < W; X++) {
        const sx = Math.min(pass.width - 1, Math.floor(((X + 0.5) * pass.width) / W));
        const i = 4 * (src + sx);
        const o = 4 * (Y * W + X);
        data[o] = rgba[i]!;
        data[o + 1] = rgba[i + 1]!;
        data[o + 2] = rgba[i + 2]!;
        data[o + 3] = 255;
      }
    }
    if (first >= 0) this.ctx.putImageData(this.image, 0, 0, 0, first, W, last - first + 1);
  }
}

/** Draw `overlay` (exact polygons, the pinned region) over the canvas, as overlay.ts does on the GPU. */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  overlay: Overlay,
  v: ViewRect,
  size: { width: number; height: number },
): void {
  const X = (s: number) => ((s - v.x0) / (v.x1 - v.x0)) * size.width;
  const Y = (t: number) => ((v.y1 - t) / (v.y1 - v.y0)) * size.height;
  const path = (p: Float64Array) => {
    ctx.beginPath();
    for (let i = 0; i < p.length; i += 2) {
      if (i === 0) ctx.moveTo(X(p[0]!), Y(p[1]!));
      else ctx.lineTo(X(p[i]!), Y(p[i + 1]!));
    }
    ctx.closePath();
  };
  ctx.save();
  const w = Math.max(1, overlay.lineWidth ?? 1);
  ctx.lineWidth = w;
  ctx.lineJoin = 'miter';
  for (const p of overlay.polygons) {
    path(p);
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
    ctx.lineWidth = w + 2;
    ctx.stroke();
    ctx.strokeStyle = 'rgba(255, 230, 26, 0.9)';
    ctx.lineWidth = w;
    ctx.stroke();
  }
  if (overlay.pinned && overlay.pinned.length >= 6) {
    path(overlay.pinned);
    ctx.fillStyle = 'rgba(255, 255, 255, 0.35)';
    ctx.fill();
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.6)';
    ctx.lineWidth = 3 * w;
    ctx.stroke();
    ctx.strokeStyle = 'rgb(255, 255, 255)';
    ctx.lineWidth = w;
    ctx.stroke();
  }
  ctx.restore();
}
