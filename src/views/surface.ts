/**
 * The 3-D surface view: f(s, t) over the view's window as the engine's exact region polygons lifted by
 * their affine maps (engine/surface.ts), flat-shaded and coloured like the map (render/palette.ts's GLSL),
 * with creases at region boundaries and an orbit camera. Its own canvas and regl context on WebGL2.
 */
import { mat4, vec3, vec4 } from 'gl-matrix';
import createREGL, { type Buffer, type DrawCommand, type Regl } from 'regl';
import creaseFrag from '../../shaders/crease.frag.glsl?raw';
import creaseVert from '../../shaders/crease.vert.glsl?raw';
import surfaceFrag from '../../shaders/surface.frag.glsl?raw';
import surfaceVert from '../../shaders/surface.vert.glsl?raw';
import type { SurfaceMesh } from '../engine/surface.ts';
import { type PaletteName, paletteGlsl } from '../render/palette.ts';
import { OrbitCamera } from './orbit.ts';
import { drawSurfaceAxes, FRAME_DROP, type SurfaceAxes, surfaceAxes, surfaceBox } from './surfaceAxes.ts';

/**
 * How facets are coloured: region colour, |grad f| (viridis), f of the chosen output (diverging), or the
 * argmax class (the map's class colours), as the map's modes.
 */
export type SurfaceColour = 'regions' | 'gradient' | 'output' | 'classes';

const MODES: Record<SurfaceColour, number> = { regions: 0, gradient: 1, output: 2, classes: 3 };
const HEADER = '#version 300 es\nprecision highp float;\nprecision highp int;\n';

/**
 * The GLSL sources of the surface's facet program for a colour mode in `palette` (the map's palette: its
 * generated GLSL is included, not copied, so that region, class and value colours match the map's).
 */
export function surfaceShaders(
  colour: SurfaceColour,
  palette: PaletteName = 'default',
): { vert: string; frag: string } {
  return {
    vert: HEADER + surfaceVert,
    frag: `${HEADER}#define MODE ${MODES[colour]}\n${paletteGlsl(palette)}${surfaceFrag}`,
  };
}

type Props = Record<string, unknown>;

/** Draws a {@link SurfaceMesh}; create with {@link SurfaceView.create}. */
export class SurfaceView {
  /** The camera (drag, wheel and pinch are attached by {@link SurfaceView.create}). */
  readonly camera = new OrbitCamera();
  /** The mesh drawn, or null. */
  mesh: SurfaceMesh | null = null;
  /** Colour of the facets. */
  colour: SurfaceColour = 'regions';
  /** The palette of the facets' colours (the map's: AppState.look.palette); the next draw uses it. */
  palette: PaletteName = 'default';
  /** Draw the creases. */
  creases = true;
  /** Draw the axes (s, t and the z scale of f) in the overlay, and in exported images. */
  axes = true;
  /** The name of the height on the z axis (f, or f_k for output k). */
  heightName = 'f';
  /** The 2-D canvas over {@link canvas} that holds the axes' lines and labels (created by {@link create}). */
  overlay: HTMLCanvasElement | null = null;
  private readonly facets: Map<string, DrawCommand> = new Map();
  private readonly lines: DrawCommand;
  private readonly buffers: Record<
    'position' | 'id' | 'value' | 'gradient' | 'outputs' | 'crease' | 'frame',
    Buffer
  >;
  private vertexCount = 0;
  private creaseCount = 0;
  private frameCount = 0;

  private constructor(
    /** The canvas drawn into. */
    readonly canvas: HTMLCanvasElement,
    /** The WebGL2 context. */
    readonly gl: WebGL2RenderingContext,
    /** The regl instance. */
    readonly regl: Regl,
  ) {
    const buf = () => regl.buffer({ length: 0, usage: 'dynamic', type: 'float' });
    this.buffers = {
      position: buf(),
      id: buf(),
      value: buf(),
      gradient: buf(),
      outputs: buf(),
      crease: buf(),
      frame: buf(),
    };
    this.lines = regl({
      vert: HEADER + creaseVert,
      frag: HEADER + creaseFrag,
      attributes: { position: { buffer: regl.prop<Props, 'buffer'>('buffer'), size: 3 } },
      uniforms: {
        uViewProjection: regl.prop<Props, 'vp'>('vp'),
        uColour: regl.prop<Props, 'colour'>('colour'),
      },
      primitive: 'lines',
      count: regl.prop<Props, 'count'>('count'),
      depth: { enable: true, mask: false },
      blend: {
        enable: true,
        func: { srcRGB: 'src alpha', dstRGB: 'one minus src alpha', srcAlpha: 1, dstAlpha: 1 },
      },
    });
  }

  /** Create the view on `canvas` with the camera attached; an error message when WebGL2 is unavailable. */
  static create(canvas: HTMLCanvasElement): SurfaceView | string {
    const gl = canvas.getContext('webgl2', {
      antialias: true,
      depth: true,
      alpha: false,
      preserveDrawingBuffer: true,
    });
    if (!gl) return 'WebGL2 is not available in this browser';
    const regl = createREGL({ gl: gl as unknown as WebGLRenderingContext });
    const view = new SurfaceView(canvas, gl, regl);
    const overlay = document.createElement('canvas');
    overlay.className = `${canvas.className} views-surface-axes`;
    overlay.style.pointerEvents = 'none';
    overlay.hidden = canvas.hidden;
    overlay.setAttribute('aria-hidden', 'true');
    canvas.insertAdjacentElement('afterend', overlay);
    view.overlay = overlay;
    view.camera.attach(canvas, () => view.draw());
    return view;
  }

  private facetCommand(colour: SurfaceColour, palette: PaletteName): DrawCommand {
    const key = `${colour}:${palette}`;
    let cmd = this.facets.get(key);
    if (!cmd) {
      const { vert, frag } = surfaceShaders(colour, palette);
      const b = this.buffers;
      cmd = this.regl({
        vert,
        frag,
        attributes: {
          position: { buffer: b.position, size: 3 },
          id: { buffer: b.id, size: 1 },
          value: { buffer: b.value, size: 1 },
          gradient: { buffer: b.gradient, size: 1 },
          out0: { buffer: b.outputs, size: 4, stride: 48, offset: 0 },
          out1: { buffer: b.outputs, size: 4, stride: 48, offset: 16 },
          out2: { buffer: b.outputs, size: 4, stride: 48, offset: 32 },
        },
        uniforms: {
          uViewProjection: this.regl.prop<Props, 'vp'>('vp'),
          uLight: [0.4, -0.5, 0.77],
        },
        count: this.regl.prop<Props, 'count'>('count'),
        depth: { enable: true },
      });
      this.facets.set(key, cmd);
    }
    return cmd;
  }

  /** Upload `mesh` (null: clear) and draw it coloured by `colour`. */
  setMesh(mesh: SurfaceMesh | null, colour: SurfaceColour = this.colour): void {
    this.mesh = mesh;
    this.colour = colour;
    const b = this.buffers;
    b.position({ data: mesh?.positions ?? new Float32Array(0), usage: 'dynamic' });
    b.id({ data: mesh?.ids ?? new Float32Array(0), usage: 'dynamic' });
    b.value({ data: mesh?.values ?? new Float32Array(0), usage: 'dynamic' });
    b.gradient({ data: mesh?.gradients ?? new Float32Array(0), usage: 'dynamic' });
    b.outputs({ data: mesh?.outputs ?? new Float32Array(0), usage: 'dynamic' });
    b.crease({ data: mesh?.creases ?? new Float32Array(0), usage: 'dynamic' });
    // The window's frame under the surface, with posts at the corners: where the (s, t) plane is.
    const frame: number[] = [];
    if (mesh) {
      const ex = (mesh.window[1] - mesh.window[0]) / 2 / mesh.half[0];
      const ey = (mesh.window[3] - mesh.window[2]) / 2 / mesh.half[1];
      const z = -mesh.height - FRAME_DROP;
      const c = [
        [-ex, -ey],
        [ex, -ey],
        [ex, ey],
        [-ex, ey],
      ] as const;
      for (let i = 0; i < 4; i++) {
        const a = c[i]!;
        const d = c[(i + 1) % 4]!;
        frame.push(a[0], a[1], z, d[0], d[1], z, a[0], a[1], z, a[0], a[1], -mesh.height);
      }
    }
    b.frame({ data: new Float32Array(frame), usage: 'dynamic' });
    this.frameCount = frame.length / 3;
    this.vertexCount = mesh ? mesh.positions.length / 3 : 0;
    this.creaseCount = mesh ? mesh.creases.length / 3 : 0;
    if (mesh) this.camera.box = surfaceBox(mesh);
    this.draw();
  }

  /** Draw now (sizes the viewport to the drawing buffer), then the axes' overlay. */
  draw(): void {
    this.drawGl();
    const o = this.overlay;
    if (!o) return;
    o.hidden = this.canvas.hidden;
    if (o.width !== this.canvas.width) o.width = this.canvas.width;
    if (o.height !== this.canvas.height) o.height = this.canvas.height;
    const ctx = o.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, o.width, o.height);
    const unit = this.canvas.width / Math.max(1, this.canvas.clientWidth || this.canvas.width);
    this.drawAxes(ctx, o.width, o.height, unit);
  }

  /**
   * The axes as drawn in a width x height frame (default: the canvas's) at `unit` pixels per CSS pixel, or
   * null without a mesh or with the axes off.
   */
  axesOf(width = this.canvas.width, height = this.canvas.height, unit = 1): SurfaceAxes | null {
    if (!this.axes || !this.mesh || this.vertexCount === 0) return null;
    const aspect = width / height;
    const eye = this.camera.eye(vec3.create(), aspect);
    return surfaceAxes(this.mesh, this.camera.matrix(aspect), eye, width, height, unit, this.heightName);
  }

  private drawAxes(
    ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
    width: number,
    height: number,
    unit: number,
  ): void {
    const axes = this.axesOf(width, height, unit);
    if (axes) drawSurfaceAxes(ctx, axes, { unit, foreground: '#e8e8e8', halo: '#14171c' });
  }

  /**
   * A PNG of the surface at width x height pixels (1 to the GL's largest drawing buffer), as seen now, with
   * the axes when they are on (labels scaled with the image). Rejects with a message naming the size when it
   * cannot be drawn. The canvas is drawn at that size for the moment of the export, then restored.
   */
  async exportPng(width: number, height: number): Promise<Blob> {
    const max = Math.min(this.gl.getParameter(this.gl.MAX_RENDERBUFFER_SIZE) as number, 8192);
    for (const [name, v] of [
      ['width', width],
      ['height', height],
    ] as const)
      if (!Number.isInteger(v) || v < 1 || v > max)
        throw new Error(`surface PNG: ${name} must be an integer from 1 to ${max}, not ${v}`);
    const { canvas } = this;
    const [w0, h0] = [canvas.width, canvas.height];
    const unit = (width / Math.max(1, w0)) * (w0 / Math.max(1, canvas.clientWidth || w0));
    try {
      canvas.width = width;
      canvas.height = height;
      if (this.gl.drawingBufferWidth !== width || this.gl.drawingBufferHeight !== height)
        throw new Error(`surface PNG: this GPU cannot draw ${width} x ${height} pixels`);
      this.drawGl();
      const out = new OffscreenCanvas(width, height);
      const ctx = out.getContext('2d');
      if (!ctx) throw new Error('surface PNG: no 2-D canvas to compose the image');
      ctx.drawImage(canvas, 0, 0);
      this.drawAxes(ctx, width, height, unit);
      return await out.convertToBlob({ type: 'image/png' });
    } finally {
      canvas.width = w0;
      canvas.height = h0;
      this.draw();
    }
  }

  /** Draw the facets, the frame and the creases (no axes). */
  private drawGl(): void {
    const { regl, canvas } = this;
    regl.poll();
    regl.clear({ color: [0.08, 0.09, 0.11, 1], depth: 1 });
    if (!this.mesh || this.vertexCount === 0) return;
    const vp = this.camera.matrix(canvas.width / canvas.height);
    this.facetCommand(this.colour, this.palette)({ vp, count: this.vertexCount });
    if (this.frameCount > 0)
      this.lines({ vp, buffer: this.buffers.frame, count: this.frameCount, colour: [0.55, 0.58, 0.65, 0.9] });
    if (this.creases && this.creaseCount > 0)
      this.lines({
        vp,
        buffer: this.buffers.crease,
        count: this.creaseCount,
        // Fainter creases when there are many facets, so that the facets stay visible.
        colour: [0.05, 0.05, 0.05, 0.85 * Math.min(1, Math.sqrt(1500 / Math.max(1, this.mesh.facets)))],
      });
  }

  /**
   * The drawing-buffer pixel (x right, y down) and depth of normalised surface point (x, y, z), or null when
   * it is behind the camera.
   */
  project(x: number, y: number, z: number): [number, number, number] | null {
    const v = vec4.transformMat4(
      vec4.create(),
      [x, y, z, 1],
      this.camera.matrix(this.canvas.width / this.canvas.height),
    );
    if (v[3]! <= 0) return null;
    return [
      ((v[0]! / v[3]! + 1) / 2) * this.canvas.width,
      ((1 - v[1]! / v[3]!) / 2) * this.canvas.height,
      v[2]! / v[3]!,
    ];
  }

  /**
   * The surface point under drawing-buffer pixel (px, py): the nearest triangle hit by the pixel's ray, its
   * region (index in the enumeration) and the point (s, t, f) in float64 (barycentric on the exact
   * vertices). Null when the ray misses the surface.
   */
  pick(px: number, py: number): { triangle: number; region: number; s: number; t: number; f: number } | null {
    const m = this.mesh;
    if (!m) return null;
    const inv = mat4.invert(mat4.create(), this.camera.matrix(this.canvas.width / this.canvas.height));
    if (!inv) return null;
    const nx = (2 * px) / this.canvas.width - 1;
    const ny = 1 - (2 * py) / this.canvas.height;
    const a = vec4.transformMat4(vec4.create(), [nx, ny, -1, 1], inv);
    const b = vec4.transformMat4(vec4.create(), [nx, ny, 1, 1], inv);
    const o = [a[0]! / a[3]!, a[1]! / a[3]!, a[2]! / a[3]!];
    const d = [b[0]! / b[3]! - o[0]!, b[1]! / b[3]! - o[1]!, b[2]! / b[3]! - o[2]!];
    const P = m.positions;
    let best = Number.POSITIVE_INFINITY;
    let hit = -1;
    let hu = 0;
    let hv = 0;
    // Moller-Trumbore against every triangle (a few thousand: a fraction of a millisecond).
    for (let i = 0; i < P.length; i += 9) {
      const e1x = P[i + 3]! - P[i]!;
      const e1y = P[i + 4]! - P[i + 1]!;
      const e1z = P[i + 5]! - P[i + 2]!;
      const e2x = P[i + 6]! - P[i]!;
      const e2y = P[i + 7]! - P[i + 1]!;
      const e2z = P[i + 8]! - P[i + 2]!;
      const px_ = d[1]! * e2z - d[2]! * e2y;
      const py_ = d[2]! * e2x - d[0]! * e2z;
      const pz_ = d[0]! * e2y - d[1]! * e2x;
      const det = e1x * px_ + e1y * py_ + e1z * pz_;
      if (Math.abs(det) < 1e-12) continue;
      const tx = o[0]! - P[i]!;
      const ty = o[1]! - P[i + 1]!;
      const tz = o[2]! - P[i + 2]!;
      const u = (tx * px_ + ty * py_ + tz * pz_) / det;
      if (u < 0 || u > 1) continue;
      const qx = ty * e1z - tz * e1y;
      const qy = tz * e1x - tx * e1z;
      const qz = tx * e1y - ty * e1x;
      const v = (d[0]! * qx + d[1]! * qy + d[2]! * qz) / det;
      if (v < 0 || u + v > 1) continue;
      const t = (e2x * qx + e2y * qy + e2z * qz) / det;
      if (t > 0 && t < best) {
        best = t;
        hit = i / 9;
        hu = u;
        hv = v;
      }
    }
    if (hit < 0) return null;
    const V = m.vertices;
    const at = (k: number) =>
      (1 - hu - hv) * V[9 * hit + k]! + hu * V[9 * hit + 3 + k]! + hv * V[9 * hit + 6 + k]!;
    return { triangle: hit, region: m.triangleRegion[hit]!, s: at(0), t: at(1), f: at(2) };
  }

  /** The GL error after the last frame, or null. */
  glError(): string | null {
    const e = this.gl.getError();
    return e === this.gl.NO_ERROR ? null : `0x${e.toString(16)}`;
  }

  /** Release the GL resources. */
  destroy(): void {
    this.overlay?.remove();
    this.regl.destroy();
  }
}
