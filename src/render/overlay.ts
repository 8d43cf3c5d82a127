/**
 * The line overlay: the exact region polygons of the CPU enumeration and the pinned region, drawn over the
 * picture in plane coordinates relative to the view centre (float32-safe at any zoom).
 */
import type { DefaultContext, DrawCommand, PrimitiveType, Regl } from 'regl';
import type { ViewRect } from '../engine/range.ts';
import type { Overlay } from './mapRenderer.ts';
import { LINES_FRAG, LINES_VERT } from './programs.ts';

/** Line overlays in plane coordinates: polygons [s0, t0, s1, t1, ...] and an optional filled region. */
export type { Overlay } from './mapRenderer.ts';

/** The props of one line draw: the view's half extent, the colour, the primitive and the vertex range. */
interface LineProps {
  /** Half the view's width and height in plane units (the shader's uHalfExtent). */
  half: number[];
  /** RGBA colour, 0 to 1, blended over the picture by its alpha. */
  colour: number[];
  /** The primitive the vertices make. */
  primitive: PrimitiveType;
  /** First vertex drawn. */
  offset: number;
  /** Vertices drawn. */
  count: number;
  /** The canvas viewport in device pixels. */
  viewport: { x: number; y: number; width: number; height: number };
}

/** Uniforms of the line program. */
interface LineUniforms {
  /** Half the view extent (see LineProps.half). */
  uHalfExtent: number[];
  /** RGBA colour. */
  uColour: number[];
}

/** Attributes of the line program. */
interface LineAttributes {
  /** The vertex buffer of (s, t) pairs relative to the view centre. */
  position: unknown;
}

/** Draws {@link Overlay}s into the canvas. */
export class OverlayPass {
  private readonly buffer;
  private readonly lines: DrawCommand<DefaultContext, LineProps>;

  /** Create the pass's buffer and command on `regl`. */
  constructor(regl: Regl) {
    // The type must be given: a buffer created empty would otherwise be read as bytes.
    this.buffer = regl.buffer({ type: 'float', usage: 'dynamic', length: 0 });
    this.lines = regl<LineUniforms, LineAttributes, LineProps>({
      vert: LINES_VERT,
      frag: LINES_FRAG,
      attributes: { position: { buffer: this.buffer, size: 2, type: 'float' } },
      uniforms: {
        uHalfExtent: regl.prop<LineProps, 'half'>('half'),
        uColour: regl.prop<LineProps, 'colour'>('colour'),
      },
      primitive: regl.prop<LineProps, 'primitive'>('primitive'),
      offset: regl.prop<LineProps, 'offset'>('offset'),
      count: regl.prop<LineProps, 'count'>('count'),
      framebuffer: null,
      // regl's default viewport is the drawing-buffer size at its last poll: always give it explicitly.
      viewport: regl.prop<LineProps, 'viewport'>('viewport'),
      blend: {
        enable: true,
        func: { srcRGB: 'src alpha', dstRGB: 'one minus src alpha', srcAlpha: 1, dstAlpha: 1 },
      },
      depth: { enable: false },
    });
  }

  private last: {
    polygons: readonly Float64Array[];
    pinned: Float64Array | null;
    cs: number;
    ct: number;
  } | null = null;
  private lastCounts = { pinnedAt: 0, pinnedLen: 0 };
  /** The draw calls' props, updated in place (a frame allocates nothing). */
  private readonly props = (() => {
    const half = [1, 1];
    const viewport = { x: 0, y: 0, width: 1, height: 1 };
    const line = (colour: number[], primitive: PrimitiveType): LineProps => ({
      half,
      viewport,
      colour,
      primitive,
      offset: 0,
      count: 0,
    });
    return {
      half,
      viewport,
      fill: line([1, 1, 1, 0.45], 'triangle fan'),
      outline: line([1, 1, 1, 1], 'line loop'),
      edges: line([1, 0.9, 0.1, 0.9], 'lines'),
    };
  })();

  /**
   * Draw `overlay` for the view `v` into the width x height canvas. The vertices are rebuilt and uploaded
   * only when the polygons, the pinned region or the view centre changed.
   */
  draw(overlay: Overlay, v: ViewRect, width: number, height: number): void {
    const cs = (v.x0 + v.x1) / 2;
    const ct = (v.y0 + v.y1) / 2;
    const l = this.last;
    if (!l || l.polygons !== overlay.polygons || l.pinned !== overlay.pinned || l.cs !== cs || l.ct !== ct) {
      this.lastCounts = this.upload(overlay, cs, ct);
      this.last = { polygons: overlay.polygons, pinned: overlay.pinned, cs, ct };
    }
    const { pinnedAt, pinnedLen } = this.lastCounts;
    if (pinnedAt === 0 && pinnedLen === 0) return;
    const { half, viewport, fill, outline, edges } = this.props;
    half[0] = (v.x1 - v.x0) / 2;
    half[1] = (v.y1 - v.y0) / 2;
    viewport.width = width;
    viewport.height = height;
    if (pinnedLen >= 6) {
      fill.offset = outline.offset = pinnedAt;
      fill.count = outline.count = pinnedLen / 2;
      this.lines(fill);
      this.lines(outline);
    }
    if (pinnedAt > 0) {
      edges.count = pinnedAt;
      this.lines(edges);
    }
  }

  /** Build and upload the vertices relative to (cs, ct); returns where the pinned polygon starts and its size. */
  private upload(overlay: Overlay, cs: number, ct: number): { pinnedAt: number; pinnedLen: number } {
    let n = 0;
    for (const p of overlay.polygons) n += p.length;
    const pinnedLen = overlay.pinned ? overlay.pinned.length : 0;
    const data = new Float32Array(2 * n + pinnedLen);
    let k = 0;
    for (const p of overlay.polygons) {
      const m = p.length / 2;
      for (let i = 0; i < m; i++) {
        const b = (i + 1) % m;
        data[k++] = p[2 * i]! - cs;
        data[k++] = p[2 * i + 1]! - ct;
        data[k++] = p[2 * b]! - cs;
        data[k++] = p[2 * b + 1]! - ct;
      }
    }
    const pinnedAt = k / 2;
    if (overlay.pinned) {
      for (let i = 0; i < overlay.pinned.length; i += 2) {
        data[k++] = overlay.pinned[i]! - cs;
        data[k++] = overlay.pinned[i + 1]! - ct;
      }
    }
    if (data.length > 0) this.buffer({ data, type: 'float', usage: 'dynamic' });
    return { pinnedAt, pinnedLen };
  }
}
