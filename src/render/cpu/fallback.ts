/**
 * The renderer the explorer uses: the WebGL2 renderer when it can draw the network and the view, else the
 * CPU renderer, with the reason. The CPU renderer draws when WebGL2 is missing, when a program fails to
 * compile or link or the device's limits are too small for the network (Renderer.setNetwork's message),
 * while the WebGL context is lost (the GL renderer is rebuilt on the same canvas when it is restored), and
 * where float32 cannot resolve the view (engine/float32.ts). One {@link MapRenderer} to the App: it delegates
 * to the renderer in use and tells listeners when that changes.
 *
 * When the context is restored the CPU renderer's picture stays on the page while the new GL renderer draws
 * its first frame underneath (the programs compile and the pipelines are built in the GPU process meanwhile,
 * found done by a fence polled between tasks, so the page never waits for them); the GL renderer takes over
 * once that frame is complete, so the map shown is right at every moment of the restore.
 */
import { float32ViewProblem } from '../../engine/float32.ts';
import type { Network } from '../../engine/model.ts';
import type { DisplayOptions, FrameJob, MapRenderer, Overlay, RenderView } from '../mapRenderer.ts';
import type { Renderer } from '../renderer.ts';
import type { CpuRenderer } from './cpuRenderer.ts';
import { GpuWarmUp } from './warmUp.ts';

/** Which renderer draws and why: see {@link FallbackRenderer.choice}. */
export interface RendererChoice {
  /** The renderer drawing the map. */
  renderer: 'webgl2' | 'cpu';
  /** Why the CPU renderer draws (a sentence), or null with WebGL2. */
  reason: string | null;
  /** True while the WebGL context is lost. */
  contextLost: boolean;
}

/** The choice of a renderer that is not a {@link FallbackRenderer}: WebGL2 for any other. */
export function choiceOf(r: MapRenderer): RendererChoice {
  return r instanceof FallbackRenderer
    ? r.choice()
    : { renderer: r.limits.renderer.startsWith('CPU') ? 'cpu' : 'webgl2', reason: null, contextLost: false };
}

/** How {@link FallbackRenderer} is made: see its constructor. */
export interface FallbackOptions {
  /** The WebGL2 renderer, or the reason there is none. */
  gpu: Renderer | string;
  /** The CPU renderer (drawing into the canvas itself without a GPU, else into a canvas over it). */
  cpu: CpuRenderer;
  /** Makes a WebGL2 renderer on the canvas again once its context is restored. */
  recreate: () => Renderer | string;
  /** Ask for the CPU renderer always ('cpu'), the GPU even where float32 is too coarse ('webgl2'), or choose. */
  force?: 'cpu' | 'webgl2' | null;
}

/** Why the GPU cannot draw a network, from Renderer.setNetwork's message (a source location cut off). */
function gpuRefusal(err: string | null): string | null {
  return err ? `the GPU cannot draw this network: ${err.replace(/,\s*(https?|file):\/\/\S+/g, '')}` : null;
}

/** The names of the methods of T. */
type MethodOf<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

/** The {@link MapRenderer} methods that go unchanged to the renderer in use. */
const FORWARDED_METHODS = [
  'displayMacsPerPixel',
  'renderImagePart',
  'readWords',
  'readIdWords',
  'readWordsAsync',
  'readIdWordsAsync',
  'glError',
  'finish',
  'fence',
] as const satisfies readonly MethodOf<MapRenderer>[];

/** The {@link MapRenderer} properties read from the renderer in use. */
const FORWARDED_PROPERTIES = [
  'packedNetwork',
  'idReadback',
  'weightLocation',
] as const satisfies readonly Exclude<keyof MapRenderer, MethodOf<MapRenderer>>[];

/** The members of {@link FallbackRenderer} defined once, from the lists above, on its prototype. */
type Forwarded = Pick<
  MapRenderer,
  (typeof FORWARDED_METHODS)[number] | (typeof FORWARDED_PROPERTIES)[number]
>;

/** The members {@link FallbackRenderer} passes to the renderer in use (see FORWARDED_METHODS). */
export interface FallbackRenderer extends Forwarded {}

/** A {@link MapRenderer} that draws with WebGL2 where it can and with the CPU renderer otherwise. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above.
export class FallbackRenderer implements MapRenderer {
  private gpu: Renderer | null;
  private readonly cpu: CpuRenderer;
  private gpuMissing: string | null;
  private networkReason: string | null = null;
  private precisionReason: string | null = null;
  private lost = false;
  private net: Network | null = null;
  private view: RenderView | null = null;
  private verified = false;
  private last: MapRenderer;
  private readonly force: 'cpu' | 'webgl2' | null;
  /** The first frame of a GL renderer rebuilt after a context loss, while it is drawn; else null. */
  private warmUp: GpuWarmUp | null = null;
  /** The architectures the lost GL renderer had checked (Renderer.trust). */
  private trusted: ReadonlySet<string> = new Set();
  /** The last frame asked for: what a rebuilt GL renderer draws first. */
  private lastFrame: { display: DisplayOptions; overlay: Overlay | null } | null = null;
  /** Called when the renderer in use changes (the App redraws and the banner updates). */
  onChange: (() => void) | null = null;

  /** Use `o.gpu` where it can draw, else `o.cpu` (see the module comment). */
  constructor(
    /** The canvas whose size frames have and which receives the input events. */
    readonly canvas: HTMLCanvasElement,
    private readonly o: FallbackOptions,
  ) {
    this.cpu = o.cpu;
    this.force = o.force ?? null;
    this.gpu = typeof o.gpu === 'string' ? null : o.gpu;
    this.gpuMissing = typeof o.gpu === 'string' ? o.gpu : null;
    this.last = this.active;
    canvas.addEventListener('webglcontextlost', this.onLost);
    canvas.addEventListener('webglcontextrestored', this.onRestored);
  }

  /** The renderer drawing now. */
  get active(): MapRenderer {
    return this.reason() === null && this.gpu ? this.gpu : this.cpu;
  }

  private reason(): string | null {
    if (this.gpuMissing) return this.gpuMissing;
    if (this.lost) return 'the WebGL context is lost; drawing on the CPU until it is restored';
    if (this.warmUp)
      return 'the WebGL context was restored; drawing on the CPU until WebGL2 has drawn a frame';
    if (this.force === 'cpu') return 'the CPU renderer was asked for (renderer=cpu)';
    if (this.networkReason) return this.networkReason;
    if (this.force !== 'webgl2' && this.precisionReason) return this.precisionReason;
    return null;
  }

  /** Which renderer draws and why. */
  choice(): RendererChoice {
    const reason = this.reason();
    return { renderer: reason === null && this.gpu ? 'webgl2' : 'cpu', reason, contextLost: this.lost };
  }

  private changed(): void {
    const a = this.active;
    const cpuOver = this.cpu.target !== this.canvas;
    if (cpuOver) this.cpu.target.hidden = a !== this.cpu;
    if (a !== this.last) {
      this.last = a;
      this.onChange?.();
    }
  }

  private readonly onLost = (e: Event) => {
    // preventDefault asks the browser to restore the context.
    e.preventDefault();
    this.lost = true;
    this.warmUp?.cancel();
    this.warmUp = null;
    if (this.gpu) this.trusted = new Set([...this.trusted, ...this.gpu.verified]);
    try {
      this.gpu?.destroy();
    } catch {
      // A lost context may refuse the deletions; its objects are gone anyway.
    }
    this.gpu = null;
    this.changed();
  };

  private readonly onRestored = () => {
    const r = this.o.recreate();
    this.lost = false;
    if (typeof r === 'string') {
      this.gpuMissing = r;
    } else {
      this.gpu = r;
      r.macsPerDraw = this.cpu.macsPerDraw;
      // The same canvas on the same device: what compiled and ran before the loss is not checked again.
      r.trust(this.trusted);
      this.verified = false;
      if (this.net) this.networkReason = gpuRefusal(r.setNetwork(this.net));
      if (this.view) this.setView(this.view);
      if (this.reason() === null && this.lastFrame) {
        // The CPU renderer's picture stays until the GL renderer has drawn the last frame asked for.
        this.warmUp = new GpuWarmUp(r, () => this.lastFrame, this.warmedUp);
        this.warmUp.start();
      }
    }
    this.last = this.cpu;
    this.changed();
    // Redraw even when the CPU renderer stays in use (the GL canvas shows a blank picture otherwise).
    if (this.active === this.cpu && !this.warmUp) this.onChange?.();
  };

  private readonly warmedUp = (w: GpuWarmUp) => {
    if (this.warmUp !== w) return;
    this.warmUp = null;
    this.changed();
  };

  get limits() {
    return (this.gpu ?? this.cpu).limits;
  }
  get compiledPrograms() {
    return this.gpu?.compiledPrograms ?? 0;
  }
  get macsPerDraw(): number {
    return this.active.macsPerDraw;
  }
  set macsPerDraw(m: number) {
    if (this.gpu) this.gpu.macsPerDraw = m;
  }

  /** Use `net` on both renderers; the CPU renderer draws it where the GPU refuses it (never an error). */
  setNetwork(net: Network): string | null {
    this.net = net;
    this.warmUp?.stale();
    this.cpu.setNetwork(net);
    this.verified = false;
    if (this.gpu) {
      const err = this.gpu.setNetwork(net);
      this.networkReason = gpuRefusal(err);
      this.verified = err === null && this.view !== null;
    }
    this.checkPrecision();
    this.changed();
    return null;
  }

  /** Set the view on both renderers, and check that float32 resolves it. */
  setView(view: RenderView): void {
    this.view = { ...view };
    this.warmUp?.stale();
    this.cpu.setView(view);
    if (this.gpu) {
      this.gpu.setView(view);
      // The GPU compiles and tries the network once a view exists (Renderer.setNetwork).
      if (!this.verified && this.net && !this.networkReason) {
        this.networkReason = gpuRefusal(this.gpu.setNetwork(this.net));
        this.verified = true;
      }
    }
    this.checkPrecision();
    this.changed();
  }

  private checkPrecision(): void {
    const v = this.view;
    this.precisionReason =
      v && this.net
        ? float32ViewProblem(
            this.net,
            v.map,
            v,
            Math.max(1, this.canvas.width),
            Math.max(1, this.canvas.height),
          )
        : null;
    if (this.precisionReason)
      this.precisionReason = `${this.precisionReason}; drawn with the float64 CPU renderer`;
  }

  /** Start a frame on the renderer in use (see {@link MapRenderer.startFrame}). */
  startFrame(display: DisplayOptions, reduction?: number, overlay?: Overlay | null): FrameJob | null {
    this.asked(display, overlay);
    return this.active.startFrame(display, reduction, overlay);
  }

  /** Draw a frame now on the renderer in use (see {@link MapRenderer.draw}). */
  draw(display: DisplayOptions, reduction?: number, overlay?: Overlay | null): void {
    this.asked(display, overlay);
    this.active.draw(display, reduction, overlay);
  }

  private asked(display: DisplayOptions, overlay: Overlay | null | undefined): void {
    const f = this.lastFrame;
    if (f && this.warmUp && (JSON.stringify(f.display) !== JSON.stringify(display) || f.overlay !== overlay))
      this.warmUp.stale();
    this.lastFrame = { display: { ...display }, overlay: overlay ?? null };
    this.checkPrecision();
    this.changed();
  }

  /** Stop listening to the canvas and release both renderers. */
  destroy(): void {
    this.canvas.removeEventListener('webglcontextlost', this.onLost);
    this.canvas.removeEventListener('webglcontextrestored', this.onRestored);
    this.warmUp?.cancel();
    this.gpu?.destroy();
    this.cpu.destroy();
  }
}

for (const name of FORWARDED_METHODS) {
  Object.defineProperty(FallbackRenderer.prototype, name, {
    configurable: true,
    writable: true,
    value(this: FallbackRenderer, ...args: unknown[]): unknown {
      const r = this.active;
      return Reflect.apply(r[name], r, args);
    },
  });
}
for (const name of FORWARDED_PROPERTIES) {
  Object.defineProperty(FallbackRenderer.prototype, name, {
    configurable: true,
    get(this: FallbackRenderer): unknown {
      return this.active[name];
    },
  });
}
