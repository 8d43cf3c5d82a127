/**
 * The line overlay: the exact region polygons of the CPU enumeration and the pinned region (filled,
 * translucent, and outlined), drawn over the picture in plane coordinates relative to the view centre
 * (float32-safe at any zoom). Lines are quads of the overlay's width in device pixels (two triangles per
 * edge, widened in the vertex shader), so they stay visible on large and dense displays.
 */
import type { DefaultContext, DrawCommand, PrimitiveType, Regl } from 'regl';
import type { ViewRect } from '../engine/range.ts';
import type { Overlay } from './mapRenderer.ts';
import { LINES_FRAG, LINES_VERT } from './programs.ts';

/** Line overlays in plane coordinates: polygons [s0, t0, s1, t1, ...] and an optional filled region. */
export type { Overlay } from './mapRenderer.ts';

/** Floats per vertex: the position (s, t), the other endpoint of its edge (s, t), the side (+1, -1, 0). */
const FLOATS = 5;

/** The props of one overlay draw: the view's half extent, the colour, the primitive and the vertex range. */
interface LineProps {
  /** Half the view's width and height in plane units (the shader's uHalfExtent). */
  half: number[];
  /** The viewport's size in device pixels (the shader's uViewport). */
  size: number[];
  /** Line width in device pixels; 0 for a fill. */
  width: number;
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
  /** The viewport size (see LineProps.size). */
  uViewport: number[];
  /** Line width (see LineProps.width). */
  uWidth: number;
  /** RGBA colour. */
  uColour: number[];
}

/** Attributes of the line program. */
interface LineAttributes {
  /** The vertex's (s, t) relative to the view centre. */
  position: unknown;
  /** The other endpoint of the vertex's edge (a fill's vertex: itself). */
  other: unknown;
  /** Which side of its edge the vertex is pushed to (+1 or -1; 0 for a fill). */
  side: unknown;
}

/**
 * Write the six vertices (two triangles) of the edge from (ax, ay) to (bx, by) into `data` at float `k`;
 * returns the next float index.
 */
function pushEdge(data: Float32Array, k: number, ax: number, ay: number, bx: number, by: number): number {
  // Corners: A pushed to +n and -n of A->B, B pushed to +n and -n of B->A (the opposite normal).
  const corners = [
    [ax, ay, bx, by, 1],
    [ax, ay, bx, by, -1],
    [bx, by, ax, ay, 1],
    [ax, ay, bx, by, 1],
    [bx, by, ax, ay, 1],
    [bx, by, ax, ay, -1],
  ];
  for (const c of corners) for (const v of c) data[k++] = v!;
  return k;
}

/** Draws {@link Overlay}s into the canvas. */
export class OverlayPass {
  private readonly buffer;
  private readonly lines: DrawCommand<DefaultContext, LineProps>;

  /** Create the pass's buffer and command on `regl`. */
  constructor(regl: Regl) {
    // The type must be given: a buffer created empty would otherwise be read as bytes.
    this.buffer = regl.buffer({ type: 'float', usage: 'dynamic', length: 0 });
    const attribute = (offset: number, size: number) => ({
      buffer: this.buffer,
      size,
      type: 'float' as const,
      stride: FLOATS * 4,
      offset: offset * 4,
    });
    this.lines = regl<LineUniforms, LineAttributes, LineProps>({
      vert: LINES_VERT,
      frag: LINES_FRAG,
      attributes: { position: attribute(0, 2), other: attribute(2, 2), side: attribute(4, 1) },
      uniforms: {
        uHalfExtent: regl.prop<LineProps, 'half'>('half'),
        uViewport: regl.prop<LineProps, 'size'>('size'),
        uWidth: regl.prop<LineProps, 'width'>('width'),
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
  private lastCounts = { edges: 0, fillAt: 0, fill: 0, outlineAt: 0, outline: 0 };
  /** The draw calls' props, updated in place (a frame allocates nothing). */
  private readonly props = (() => {
    const half = [1, 1];
    const size = [1, 1];
    const viewport = { x: 0, y: 0, width: 1, height: 1 };
    const line = (colour: number[], primitive: PrimitiveType): LineProps => ({
      half,
      size,
      width: 0,
      viewport,
      colour,
      primitive,
      offset: 0,
      count: 0,
    });
    return {
      half,
      size,
      viewport,
      fill: line([1, 1, 1, 0.35], 'triangle fan'),
      halo: line([0, 0, 0, 0.6], 'triangles'),
      outline: line([1, 1, 1, 1], 'triangles'),
      edgesHalo: line([0, 0, 0, 0.55], 'triangles'),
      edges: line([1, 0.9, 0.1, 0.9], 'triangles'),
    };
  })();

  /**
   * Draw `overlay` for the view `v` into the width x height canvas, its lines `overlay.lineWidth` device
   * pixels wide (default 1). The vertices are rebuilt and uploaded only when the polygons, the pinned region
   * or the view centre changed.
   */
  draw(overlay: Overlay, v: ViewRect, width: number, height: number): void {
    const cs = (v.x0 + v.x1) / 2;
    const ct = (v.y0 + v.y1) / 2;
    const l = this.last;
    if (!l || l.polygons !== overlay.polygons || l.pinned !== overlay.pinned || l.cs !== cs || l.ct !== ct) {
      this.lastCounts = this.upload(overlay, cs, ct);
      this.last = { polygons: overlay.polygons, pinned: overlay.pinned, cs, ct };
    }
    const c = this.lastCounts;
    if (c.edges === 0 && c.fill === 0) return;
    const { half, size, viewport, fill, halo, outline, edgesHalo, edges } = this.props;
    half[0] = (v.x1 - v.x0) / 2;
    half[1] = (v.y1 - v.y0) / 2;
    size[0] = viewport.width = width;
    size[1] = viewport.height = height;
    const w = Math.max(1, overlay.lineWidth ?? 1);
    if (c.edges > 0) {
      // Yellow over a dark border a pixel wide on each side, so that the lines read on yellow regions too.
      edgesHalo.count = edges.count = c.edges;
      edgesHalo.width = w + 2;
      edges.width = w;
      this.lines(edgesHalo);
      this.lines(edges);
    }
    if (c.fill >= 3) {
      fill.offset = c.fillAt;
      fill.count = c.fill;
      this.lines(fill);
      // The outline over a dark halo, so that it reads on light and dark colours alike.
      halo.offset = outline.offset = c.outlineAt;
      halo.count = outline.count = c.outline;
      halo.width = 3 * w;
      outline.width = w;
      this.lines(halo);
      this.lines(outline);
    }
  }

  /** Build and upload the vertices relative to (cs, ct); returns the vertex ranges of each part. */
  private upload(overlay: Overlay, cs: number, ct: number): OverlayPass['lastCounts'] {
    let edgeCount = 0;
    for (const p of overlay.polygons) edgeCount += p.length / 2;
    const pinned = overlay.pinned && overlay.pinned.length >= 6 ? overlay.pinned : null;
    const m = pinned ? pinned.length / 2 : 0;
    const data = new Float32Array(FLOATS * (6 * edgeCount + m + 6 * m));
    let k = 0;
    const ring = (p: Float64Array) => {
      const n = p.length / 2;
      for (let i = 0; i < n; i++) {
        const b = (i + 1) % n;
        k = pushEdge(data, k, p[2 * i]! - cs, p[2 * i + 1]! - ct, p[2 * b]! - cs, p[2 * b + 1]! - ct);
      }
    };
    for (const p of overlay.polygons) ring(p);
    const fillAt = k / FLOATS;
    if (pinned) {
      for (let i = 0; i < m; i++) {
        const s = pinned[2 * i]! - cs;
        const t = pinned[2 * i + 1]! - ct;
        data.set([s, t, s, t, 0], k);
        k += FLOATS;
      }
    }
    const outlineAt = k / FLOATS;
    if (pinned) ring(pinned);
    if (data.length > 0) this.buffer({ data, type: 'float', usage: 'dynamic' });
    return { edges: fillAt, fillAt, fill: m, outlineAt, outline: 6 * m };
  }
}
