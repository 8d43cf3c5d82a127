/**
 * The explorer's controller: owns the AppState, the network, the renderer and the regions service;
 * schedules frames (only on change, reduced resolution while interacting). No DOM beyond the canvas.
 */
import { type Network, outputDim, parseModel } from '../engine/model.ts';
import { fitAspect, type Plane, type PlaneMap } from '../engine/plane.ts';
import type { DisplayOptions, MapRenderer } from '../render/mapRenderer.ts';
import type { Overlay } from '../render/overlay.ts';
import { type AppState, cloneState, defaultState } from '../state/appState.ts';
import { encodeHash } from '../state/hash.ts';
import { linePixels } from '../state/look.ts';
import type { StoredPlane } from '../state/planeSpec.ts';
import { DataStore } from './dataStore.ts';
import { DisplayCache, neuronIndexOf } from './displayCache.ts';
import { ExactCounter } from './exact.ts';
import type { ExportOptions, ExportResult } from './exportImage.ts';
import { exportPngOf } from './exportPng.ts';
import { interactiveReductionFor, nextLiveReduction } from './frameBudget.ts';
import { FrameLoop } from './frameLoop.ts';
import { mapOf, networkOf, planeOfState } from './network.ts';
import { RegionsService } from './regionsService.ts';
import { createMapRenderer, type RendererOptions } from './renderers.ts';

export type { AppEvent, AppEvents, AppMessage } from './appEvents.ts';

import type { AppEvent, AppEvents, AppMessage } from './appEvents.ts';

/** The explorer controller; create with {@link App.create}. */
export class App {
  /** The current state (mutate only through the methods, which keep everything in step). */
  state: AppState;
  /** The network drawn. */
  net: Network;
  /** The network the state names (a model or the generated one); `net` is it or trained weights of it. */
  private netBase: Network | null = null;
  /** The (s, t) -> input map of the view's plane. */
  map: PlaneMap;
  /** Models loaded from files, by name. */
  readonly models = new Map<string, Network>();
  /** Planes chosen in this browser (pasted, from CSV rows), by the name the hash gives them. */
  readonly planes = new Map<string, StoredPlane>();
  /** Keeps a newly chosen stored plane beyond this page (set by the UI to this browser's storage), or null. */
  planeSaver: ((name: string, plane: StoredPlane) => void) | null = null;
  /** The data points drawn on the map and edited there (the trainer's point type). */
  readonly data = new DataStore();
  // biome-ignore format: one line per kind of event would not add to it
  private readonly handlers: { [E in AppEvent]: Set<AppEvents[E]> } = { changed: new Set(), message: new Set(), drawn: new Set(), exact: new Set(), progress: new Set(), refining: new Set() };
  /** The regions service: the one pool of region workers (the HUD count, the views, the analysis). */
  readonly regions: RegionsService;
  /** The exact count of the view (a client of {@link regions}). */
  readonly exact: ExactCounter;
  /** The pinned region polygon (plane coordinates) or null. */
  pinned: Float64Array | null = null;
  /** Changes whenever a state is applied (see {@link FrameHost.stateGeneration}). */
  stateGeneration = 0;
  /** The {@link stateGeneration} at which the network last changed. */
  private netGeneration = 0;
  /** The frame loop: scheduling, coarse-first frames, progress (frameLoop.ts). */
  readonly frames: FrameLoop = new FrameLoop(this);

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
      (n, f) => this.emit('progress', n, f),
    );
    // The named model of a hash is applied later (once the files module has restored it), by applyState.
    if (!this.applyState({ ...cloneState(state), model: null }, true)) this.applyState(defaultState(), true);
  }

  /**
   * Create the controller on `canvas`: it draws with WebGL2 where it can and with the CPU renderer otherwise
   * (renderers.ts); a change of renderer is reported as a message and redrawn.
   */
  static create(canvas: HTMLCanvasElement, state: AppState, options: RendererOptions = {}): App {
    const r = createMapRenderer(canvas, options);
    const app = new App(r, state);
    r.onChange = () => {
      const c = r.choice();
      app.notify('info', c.reason ? `Drawing on the CPU: ${c.reason}.` : 'Drawing with WebGL2 again.');
      app.requestRender();
    };
    return app;
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
   * Returns true when applied. With `fit`, the view is first fitted to the canvas's aspect (square pixels,
   * the requested window wholly visible; see fitAspect), except for a one-input network, whose map ignores y.
   */
  applyState(next: AppState, force = false, fit = false): boolean {
    if (this.exportJob && !force) {
      this.notify('error', 'An image export is running: the view is kept until it ends or is cancelled.');
      return false;
    }
    const prev = this.state;
    let net = this.net;
    const netChanged =
      force ||
      next.model !== prev.model ||
      (next.model !== null && this.models.get(next.model) !== this.netBase) ||
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
    const resolved = planeOfState(net, next, this.planes);
    if (resolved.error) this.notify('error', resolved.error);
    next = resolved.state;
    if (fit && net.inputDim >= 2) next = { ...next, view: fitAspect(next.view, this.renderer.canvas) };
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
    this.stateGeneration++;
    if (net !== this.net || netChanged) this.netGeneration = this.stateGeneration;
    if (netChanged) this.netBase = net;
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
    this.exact.request(this.net, s); // the old view's count is dropped before anyone hears of the new one
    this.emit('changed', this);
    return true;
  }

  /** The divisor of the last live-training frame (0: none since the last settled weights). */
  private liveReduction = 0;
  /** Show `net` (the architecture shown, other weights) without changing the state; see app/training.ts. */
  showWeights(net: Network, settled: boolean): string | null {
    const err = this.renderer.setNetwork(net);
    if (err) return err;
    [this.net, this.pinned] = [net, null];
    this.displayCache.forget();
    // A new picture to draw, of the same network: the frame loop draws it; the canvas is not stale.
    this.stateGeneration++;
    // Live weights are not counted (the training session counts its snapshots); settled ones are.
    if (settled) {
      this.exact.request(net, this.state);
      this.emit('changed', this);
    } else this.exact.hold();
    // The first live frame's divisor comes from the device's measured speed; the next ones follow the
    // measured cost of the last live frame (frameBudget.ts liveReductionAfter).
    const live = this.frames.liveFrameMs;
    this.liveReduction = settled
      ? 0
      : nextLiveReduction(this.renderer, this.stepMacs, this.liveReduction, live);
    this.requestRender(!settled, settled ? 1 : this.liveReduction);
    return null;
  }

  /** Change the state with `edit` applied to a copy; see {@link applyState} (and its `fit`). */
  update(edit: (s: AppState) => void, interactive = false, fit = false): boolean {
    const next = cloneState(this.state);
    edit(next);
    const ok = this.applyState(next, false, fit);
    if (ok) this.requestRender(interactive);
    return ok;
  }

  /** True while an image export runs (the state is frozen meanwhile). */
  get exporting(): boolean {
    return this.exportJob !== null;
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
      s.planeSpec = null;
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
    return neuronIndexOf(this.net, layer, index);
  }

  private readonly displayCache = new DisplayCache();

  /**
   * How much wider than AppState.look.lineWidth the lines are drawn (the presentation mode sets
   * state/look.ts PRESENTATION_LINE_SCALE; 1 otherwise). The page's mode, not part of the state.
   */
  lineScale = 1;

  /** The display options of the current state (one object, updated in place: copy it to keep it). */
  display(): DisplayOptions {
    const d = this.displayCache.of(this.state, this.net, this.map, this.renderer.canvas.clientWidth);
    d.lineWidth = this.lineWidthPixels();
    return d;
  }

  /** The width of the map's lines in device pixels of the canvas (before rounding): see {@link lineScale}. */
  lineWidthPixels(): number {
    const c = this.renderer.canvas;
    // Device pixels per CSS pixel of the canvas as it is sized (devicePixelRatio unless a script fixed it).
    const dpr = c.clientWidth > 0 ? c.width / c.clientWidth : 1;
    return this.state.look.lineWidth * dpr * this.lineScale;
  }

  /**
   * Resolution divisor of interactive frames: at least INTERACTIVE_REDUCTION, more when a frame at that
   * resolution would take more than INTERACTIVE_FRAME_MS of the device's measured speed (stepMacs per
   * STEP_MS); at most 16 (a frame of a very heavy network may then take longer).
   */
  interactiveReduction(): number {
    return interactiveReductionFor(this.renderer, this.stepMacs);
  }

  private readonly overlayState: Overlay = { polygons: [], pinned: null, lineWidth: 1 };
  private static readonly NO_POLYGONS: readonly Float64Array[] = [];

  /** The overlay of the current state (one object, updated in place). */
  overlay(): Overlay {
    const o = this.overlayState;
    o.polygons = this.state.polygons ? this.exact.polygons() : App.NO_POLYGONS;
    o.pinned = this.pinned;
    o.lineWidth = linePixels(this.lineWidthPixels());
    return o;
  }

  /** Resolution divisor of the last completed frame (1: full resolution). */
  lastReduction = 1;

  private exportJob: Promise<ExportResult> | null = null;

  /**
   * Export the current view as a PNG of `options.width` x `options.height` (see exportImage.ts), coloured as
   * the canvas is at full resolution (without the polygon overlay; lines scaled with the image: exportPng.ts).
   * The state is frozen until the export ends (applyState refuses changes with a message); frames keep being
   * drawn meanwhile. Rejects when an export is already running, on a bad size, a GPU failure, or with an
   * AbortError when cancelled.
   */
  async exportPng(options: ExportOptions): Promise<ExportResult> {
    if (this.exportJob) throw new Error('an image export is already running');
    const lineWidth = this.state.look.lineWidth * this.lineScale;
    const job = exportPngOf(this.renderer, this.display(), options, lineWidth);
    this.exportJob = job;
    try {
      return await job;
    } finally {
      this.exportJob = null;
    }
  }

  /** Multiply-adds drawn per step of a frame (the frame loop's budget, learnt from the device). */
  get stepMacs(): number {
    return this.frames.stepMacs;
  }

  /**
   * True when the canvas shows a frame of the current network (false from a network change until the first
   * frame of the new one is complete: the page marks the old picture meanwhile).
   */
  showsCurrentNetwork(): boolean {
    return this.frames.drawnGeneration >= this.netGeneration;
  }

  /** Called by the frame loop when a frame is complete; returns the GL error after it, or null. */
  finished(reduction: number): string | null {
    this.lastReduction = reduction;
    const err = this.renderer.glError();
    if (err) this.notify('error', `Error after drawing the map: ${err}`);
    this.emit('drawn', this, reduction);
    return err;
  }

  /** Called by the frame loop with the progress of the full-resolution frame in progress. */
  refining(done: number | null): void {
    this.emit('refining', done);
  }

  /** Draw a whole frame now at 1/`reduction` resolution. Returns the GL error after the frame, or null. */
  renderNow(reduction = 1): string | null {
    return this.frames.drawNow(reduction);
  }

  /**
   * Draw a full-resolution frame of the current state in steps, yielding to the page between them (coarse
   * first when the canvas shows another state); resolves with the GL error after it, or null.
   */
  renderFull(): Promise<string | null> {
    return this.frames.renderFull();
  }

  /**
   * Schedule a frame on the next animation frame (several requests coalesce; a new request abandons a frame
   * in progress; `reduction` overrides the resolution divisor); see {@link FrameLoop.request}. Interactive frames are drawn at reduced resolution,
   * followed by a full-resolution frame once the interaction pauses.
   */
  requestRender(interactive = false, reduction?: number): void {
    this.frames.request(interactive, reduction);
  }
}
