/**
 * The explorer's controller: owns the AppState, the network, the renderer and the regions service;
 * schedules frames (only on change, reduced resolution while interacting). No DOM beyond the canvas.
 */
import { REFINE_DELAY_MS } from '../engine/limits.ts';
import { type Network, outputDim, parseModel } from '../engine/model.ts';
import type { Plane, PlaneMap } from '../engine/plane.ts';
import { displayRange } from '../engine/range.ts';
import type { DisplayOptions, FrameJob, MapRenderer } from '../render/mapRenderer.ts';
import type { Overlay } from '../render/overlay.ts';
import { Renderer } from '../render/renderer.ts';
import { type AppState, cloneState, defaultState } from '../state/appState.ts';
import { encodeHash } from '../state/hash.ts';
import { ExactCounter, type ExactResult } from './exact.ts';
import { type ExportOptions, type ExportResult, exportRegionMapPng } from './exportImage.ts';
import { interactiveReductionFor, macsPerDrawFor, STEP_MS, trainingReductionFor } from './frameBudget.ts';
import { mapOf, networkOf } from './network.ts';
import { RegionsService } from './regionsService.ts';

/** Something the UI shows: an error or a notice, with the text the user reads. */
export interface AppMessage {
  /** 'error' for things that went wrong (the state was kept), 'info' otherwise. */
  kind: 'error' | 'info';
  /** Full-sentence message. */
  text: string;
}

/** The events of the App and the arguments each listener gets; subscribe with {@link App.on}. */
export interface AppEvents {
  /** The state (or the network) changed. */
  changed: (app: App) => void;
  /** A message for the user. */
  message: (m: AppMessage) => void;
  /** A frame was drawn (reduction 1: full resolution). */
  drawn: (app: App, reduction: number) => void;
  /** The exact count of the view changed (null: computing). */
  exact: (r: ExactResult | null) => void;
  /** The exact count in progress has enumerated this many regions so far. */
  progress: (regions: number) => void;
}

/** The name of an App event. */
export type AppEvent = keyof AppEvents;

/** The explorer controller; create with {@link App.create}. */
export class App {
  /** The current state (mutate only through the methods, which keep everything in step). */
  state: AppState;
  /** The network drawn. */
  net: Network;
  /** The (s, t) -> input map of the view's plane. */
  map: PlaneMap;
  /** Models loaded from files, by name. */
  readonly models = new Map<string, Network>();
  private readonly handlers: { [E in AppEvent]: Set<AppEvents[E]> } = {
    changed: new Set(),
    message: new Set(),
    drawn: new Set(),
    exact: new Set(),
    progress: new Set(),
  };
  /** The regions service: the one pool of region workers (the HUD count, the views, the analysis). */
  readonly regions: RegionsService;
  /** The exact count of the view (a client of {@link regions}). */
  readonly exact: ExactCounter;
  /** The pinned region polygon (plane coordinates) or null. */
  pinned: Float64Array | null = null;
  private frame = 0;
  /** Multiply-adds drawn per step of a frame, adapted to the device so that a step takes about STEP_MS. */
  stepMacs = 2 ** 28;
  private refineTimer: ReturnType<typeof setTimeout> | null = null;
  private rangeKey = '';
  private range = 1;

  private constructor(
    /** The renderer. */
    readonly renderer: MapRenderer,
    state: AppState,
    regions?: RegionsService,
  ) {
    this.state = cloneState(state);
    this.net = networkOf(state.architecture);
    const m = mapOf(this.net, null);
    this.map = m as PlaneMap;
    this.regions = regions ?? new RegionsService();
    this.exact = new ExactCounter(
      this.regions,
      (r) => {
        this.emit('exact', r);
        if (r && this.state.polygons) this.requestRender();
      },
      (n) => this.emit('progress', n),
    );
    // The named model of a hash is applied later (once the files module has restored it), by applyState.
    if (!this.applyState({ ...cloneState(state), model: null }, true)) this.applyState(defaultState(), true);
  }

  /** Create the controller on `canvas`; returns an error message when WebGL2 is unavailable. */
  static create(canvas: HTMLCanvasElement, state: AppState): App | string {
    const r = Renderer.create(canvas);
    return typeof r === 'string' ? r : new App(r, state);
  }

  /** Call `fn` on each `event` until the returned function is called (which unsubscribes it). */
  on<E extends AppEvent>(event: E, fn: AppEvents[E]): () => void {
    const set = this.handlers[event] as Set<AppEvents[E]>;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  /** Call the listeners of `event` with `args` (the views' settings host uses it for `changed`). */
  emit<E extends AppEvent>(event: E, ...args: Parameters<AppEvents[E]>): void {
    for (const fn of [...this.handlers[event]]) (fn as (...a: Parameters<AppEvents[E]>) => void)(...args);
  }

  /** Report a message to the listeners. */
  notify(kind: AppMessage['kind'], text: string): void {
    this.emit('message', { kind, text });
  }

  /**
   * Replace the state. The network is rebuilt when its definition changed; a state that cannot be drawn
   * (unknown model, bad plane, too large a network) is refused with a message and the current one is kept.
   * Returns true when applied.
   */
  applyState(next: AppState, force = false): boolean {
    if (this.exportJob && !force) {
      this.notify('error', 'An image export is running: the view is kept until it ends or is cancelled.');
      return false;
    }
    const prev = this.state;
    let net = this.net;
    const netChanged =
      force ||
      next.model !== prev.model ||
      (next.model !== null && this.models.get(next.model) !== this.net) ||
      (next.model === null && JSON.stringify(next.architecture) !== JSON.stringify(prev.architecture));
    if (netChanged) {
      const m = next.model === null ? undefined : this.models.get(next.model);
      if (next.model !== null && !m) {
        // The rest of the state (view, mode, ...) still applies, to the generated network.
        this.notify(
          'error',
          `model "${next.model}" is not loaded in this browser; load the file again (showing the generated network)`,
        );
        next = { ...next, model: null };
      }
      if (m) {
        net = m;
      } else {
        try {
          net = networkOf(next.architecture);
        } catch (e) {
          this.notify('error', e instanceof Error ? e.message : String(e));
          return false;
        }
      }
    }
    const map = mapOf(net, next.view.plane);
    if (typeof map === 'string') {
      this.notify('error', map);
      return false;
    }
    if (netChanged || net !== this.net) {
      const err = this.renderer.setNetwork(net);
      if (err) {
        this.notify('error', err);
        return false;
      }
    }
    this.net = net;
    this.map = map;
    this.state = cloneState(next);
    const s = this.state;
    s.layer = Math.min(Math.max(1, s.layer), net.layers.length);
    if (s.output >= outputDim(net)) s.output = outputDim(net) > 1 ? -1 : 0;
    if (s.probe && (s.probe[0] >= net.layers.length || s.probe[1] >= net.layers[s.probe[0]]!.outDim))
      s.probe = null;
    this.renderer.setView({ ...s.view, map });
    this.pinned = null;
    this.emit('changed', this);
    this.exact.request(this.net, s);
    return true;
  }

  /** Show `net` (the architecture shown, other weights) without changing the state; see app/training.ts. */
  showWeights(net: Network, settled: boolean): string | null {
    const err = this.renderer.setNetwork(net);
    if (err) return err;
    [this.net, this.rangeKey, this.pinned] = [net, '', null];
    if (settled) this.emit('changed', this);
    this.exact.request(net, this.state);
    this.requestRender(!settled, settled ? 1 : trainingReductionFor(this.renderer, this.stepMacs));
    return null;
  }

  /** Change the state with `edit` applied to a copy; see {@link applyState}. */
  update(edit: (s: AppState) => void, interactive = false): boolean {
    const next = cloneState(this.state);
    edit(next);
    const ok = this.applyState(next);
    if (ok) this.requestRender(interactive);
    return ok;
  }

  /** The URL hash of the current state. */
  hash(): string {
    return encodeHash(this.state);
  }

  /**
   * Load a model (a relu-origami/1 object or JSON string) under `name`. Returns the validation messages
   * (empty on success); on failure the current model is kept.
   */
  loadModel(model: unknown, name: string, plane: Plane | null = null): string[] {
    const r = parseModel(model);
    if (!r.ok) return r.issues.map((i) => i.message);
    const err = mapOf(r.network, plane);
    if (typeof err === 'string') return [err];
    const before = this.models.get(name);
    this.models.set(name, r.network);
    const reasons: string[] = [];
    const off = this.on('message', (m) => {
      if (m.kind === 'error') reasons.push(m.text);
    });
    const ok = this.update((s) => {
      s.model = name;
      s.view.plane = plane;
    });
    off();
    if (ok) return [];
    if (before) this.models.set(name, before);
    else this.models.delete(name);
    return reasons.length ? reasons : [`the model "${name}" could not be drawn`];
  }

  /** Register a model under `name` without switching to it (restoring stored models); returns problems. */
  loadModelQuietly(model: unknown, name: string): string[] {
    const r = parseModel(model);
    if (!r.ok) return r.issues.map((i) => i.message);
    this.models.set(name, r.network);
    return [];
  }

  /** Global index of neuron (layer, index). */
  neuronIndex(layer: number, index: number): number {
    let k = 0;
    for (let l = 0; l < layer; l++) k += this.net.layers[l]!.outDim;
    return k + index;
  }

  private readonly displayOptions: DisplayOptions = {
    mode: 'regions',
    layer: 1,
    output: 0,
    probe: -1,
    boundaries: true,
    range: 1,
  };

  /** The display options of the current state (one object, updated in place: copy it to keep it). */
  display(): DisplayOptions {
    const s = this.state;
    let range = 1;
    if (s.mode === 'gradient' || s.mode === 'output') {
      const key = `${s.mode}|${s.output}|${JSON.stringify(s.view)}|${s.model}|${JSON.stringify(s.architecture)}`;
      if (key !== this.rangeKey) {
        this.range = displayRange(this.net, this.map, s.view, s.mode, s.output);
        this.rangeKey = key;
      }
      range = this.range;
    }
    const d = this.displayOptions;
    d.mode = s.mode;
    d.layer = s.layer;
    d.output = s.output;
    d.probe = s.probe ? this.neuronIndex(s.probe[0], s.probe[1]) : -1;
    d.boundaries = s.boundaries;
    d.range = range;
    return d;
  }

  /**
   * Resolution divisor of interactive frames: at least INTERACTIVE_REDUCTION, more when a frame at that
   * resolution would take more than INTERACTIVE_FRAME_MS of the device's measured speed (stepMacs per
   * STEP_MS); at most 16 (a frame of a very heavy network may then take longer).
   */
  interactiveReduction(): number {
    return interactiveReductionFor(this.renderer, this.stepMacs);
  }

  private readonly overlayState: { polygons: readonly Float64Array[]; pinned: Float64Array | null } = {
    polygons: [],
    pinned: null,
  };
  private static readonly NO_POLYGONS: readonly Float64Array[] = [];

  private overlay(): Overlay {
    const o = this.overlayState;
    o.polygons = this.state.polygons ? this.exact.polygons() : App.NO_POLYGONS;
    o.pinned = this.pinned;
    return o;
  }

  /** Resolution divisor of the last completed frame (1: full resolution). */
  lastReduction = 1;

  private exportJob: Promise<ExportResult> | null = null;

  /**
   * Export the current view as a PNG of `options.width` x `options.height` (see exportImage.ts), coloured as
   * the canvas is at full resolution (without the polygon overlay). The state is frozen until the export
   * ends (applyState refuses changes with a message); frames keep being drawn meanwhile. Rejects when an
   * export is already running, on a bad size, a GPU failure, or with an AbortError when cancelled.
   */
  async exportPng(options: ExportOptions): Promise<ExportResult> {
    if (this.exportJob) throw new Error('an image export is already running');
    const job = exportRegionMapPng(this.renderer, { ...this.display() }, options);
    this.exportJob = job;
    try {
      return await job;
    } finally {
      this.exportJob = null;
    }
  }

  private finished(reduction: number): string | null {
    this.lastReduction = reduction;
    const err = this.renderer.glError();
    if (err) this.notify('error', `WebGL error after drawing: ${err}`);
    this.emit('drawn', this, reduction);
    return err;
  }

  /** Draw a whole frame now at 1/`reduction` resolution. Returns the GL error after the frame, or null. */
  renderNow(reduction = 1): string | null {
    this.cancelFrame();
    this.renderer.draw(this.display(), reduction, this.overlay());
    return this.finished(reduction);
  }

  private cancelFrame(): void {
    cancelAnimationFrame(this.frame);
    if (this.refineTimer) clearTimeout(this.refineTimer);
    this.refineTimer = null;
  }

  /**
   * Schedule a frame on the next animation frame (several requests coalesce; a new request abandons a frame
   * in progress; `reduction` overrides the resolution divisor). A frame heavier than the step budget is drawn over several animation frames, the budget
   * adapting so that a step takes about {@link STEP_MS}. Interactive frames are drawn at reduced resolution,
   * followed by a full-resolution frame once the interaction pauses.
   */
  requestRender(interactive = false, reduction?: number): void {
    this.cancelFrame();
    this.frameReduction = reduction ?? (interactive ? this.interactiveReduction() : 1);
    this.frameInteractive = interactive;
    this.frame = requestAnimationFrame(this.startFrameNow);
  }

  // The frame loop's callbacks are made once: a frame allocates nothing here.
  private frameReduction = 1;
  private frameInteractive = false;
  private job: FrameJob | null = null;
  private readonly startFrameNow = () => {
    this.job = this.renderer.startFrame(this.display(), this.frameReduction, this.overlay());
    if (this.job) this.stepFrame();
  };
  private readonly refine = () => this.requestRender(false);
  private readonly stepFrame = () => {
    const job = this.job!;
    const t0 = performance.now();
    const before = job.macsDone;
    const done = job.step(this.stepMacs);
    // Wait for the GPU, so that the time is the step's real cost: the device's speed, learnt frame by frame,
    // sizes the steps (STEP_MS each) and the resolution of interactive frames (INTERACTIVE_FRAME_MS).
    this.renderer.finish();
    const dt = performance.now() - t0;
    const macs = job.macsDone - before;
    if (dt >= 2 && macs > 0) {
      // Steps that took long count fully; short ones (timer noise) only nudge the estimate.
      const target = Math.max(2 ** 20, (macs / dt) * STEP_MS);
      const weight = Math.min(1, dt / STEP_MS);
      this.stepMacs = Math.min(
        this.stepMacs * 4,
        Math.max(this.stepMacs / 4, this.stepMacs + weight * (target - this.stepMacs)),
      );
      this.renderer.macsPerDraw = macsPerDrawFor(this.stepMacs);
    }
    if (done) {
      this.job = null;
      this.finished(this.frameReduction);
      if (this.frameInteractive) this.refineTimer = setTimeout(this.refine, REFINE_DELAY_MS);
      return;
    }
    this.frame = requestAnimationFrame(this.stepFrame);
  };
}
