/**
 * The 3-D surface's camera and axes in Node, against the camera matrix: at zoom 1 every corner of the box
 * lies inside the frame (within the fill fraction, and touching it: the fit is tight) for any aspect and
 * angle; every tick's pixel is the matrix's projection of the point its value names on its edge (placed here
 * from the window and the range of f, not from the mesh's normalisation); tick values are round and inside
 * the range; s and t sit on the edges nearest the eye and f never on the nearest corner.
 */
import { vec3, vec4 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { initNetwork } from '../../src/engine/init.ts';
import { enumerateRegions } from '../../src/engine/regions.ts';
import { surfaceMesh } from '../../src/engine/surface.ts';
import { FIT_FILL, OrbitCamera } from '../../src/views/orbit.ts';
import { FRAME_DROP, surfaceAxes, surfaceBox } from '../../src/views/surfaceAxes.ts';

const W = { x0: -2.5, x1: 3, y0: -2, y1: 2.25 };
const net = initNetwork({ widths: [2, 10, 10, 1], activation: 'relu', seed: 7 });
const e = enumerateRegions(net, W);
if (typeof e === 'string') throw new Error(e);
const mesh = surfaceMesh(net, e.regions, W);

/** NDC of world point p through m (gl-matrix, independently of the code under test). */
function ndc(m: Parameters<typeof vec4.transformMat4>[2], p: readonly number[]): [number, number, number] {
  const v = vec4.transformMat4(vec4.create(), [p[0]!, p[1]!, p[2]!, 1], m);
  return [v[0]! / v[3]!, v[1]! / v[3]!, v[3]!];
}

const ORBITS = [
  { azimuth: -0.9, elevation: 0.62 },
  { azimuth: 0.4, elevation: 0.2 },
  { azimuth: 2.5, elevation: 1.2 },
  { azimuth: -2.2, elevation: -0.5 },
  { azimuth: -Math.PI / 2, elevation: 1.5 },
];
const ASPECTS = [0.45, 1, 4 / 3, 16 / 9, 3];

describe('the surface camera', () => {
  it('fits the box into the frame for every aspect and angle, tightly', () => {
    const cam = new OrbitCamera();
    cam.box = surfaceBox(mesh);
    const ex = (W.x1 - W.x0) / 2 / mesh.half[0];
    const ey = (W.y1 - W.y0) / 2 / mesh.half[1];
    // The box spans the window (longer side normalised to 1) from the frame's plane to the top of f.
    expect(Math.max(ex, ey)).toBeCloseTo(1, 12);
    expect(cam.box.min[2]).toBeCloseTo(-mesh.height - FRAME_DROP, 12);
    for (const o of ORBITS)
      for (const aspect of ASPECTS) {
        cam.orbit = { ...o, zoom: 1 };
        const m = cam.matrix(aspect);
        let reach = 0;
        for (let i = 0; i < 8; i++) {
          const p = [i & 1 ? ex : -ex, i & 2 ? ey : -ey, i & 4 ? mesh.height : -mesh.height - FRAME_DROP];
          const [x, y, w] = ndc(m, p);
          expect(w).toBeGreaterThan(0);
          reach = Math.max(reach, Math.abs(x), Math.abs(y));
        }
        // gl-matrix computes in float32: a few parts in 1e7.
        expect(reach).toBeLessThanOrEqual(FIT_FILL + 1e-6);
        expect(reach).toBeGreaterThan(FIT_FILL - 1e-5);
      }
  });
});

describe('the surface axes', () => {
  const [fMin, fMax] = mesh.fRange;
  const ex = (W.x1 - W.x0) / 2 / mesh.half[0];
  const ey = (W.y1 - W.y0) / 2 / mesh.half[1];
  /** Where value v of an axis lies along its edge, from the window and f's range alone. */
  const along = (axis: string, v: number) =>
    axis === 's'
      ? -ex + ((v - W.x0) / (W.x1 - W.x0)) * 2 * ex
      : axis === 't'
        ? -ey + ((v - W.y0) / (W.y1 - W.y0)) * 2 * ey
        : -mesh.height + ((v - fMin) / (fMax - fMin)) * 2 * mesh.height;

  it('projects every tick through the camera matrix, on the edges facing the eye', () => {
    const cam = new OrbitCamera();
    cam.box = surfaceBox(mesh);
    for (const o of ORBITS)
      for (const aspect of [0.6, 1.5, 2.4]) {
        cam.orbit = { ...o, zoom: 1 };
        const width = Math.round(600 * aspect);
        const height = 600;
        const m = cam.matrix(width / height);
        const eye = cam.eye(vec3.create(), width / height);
        const axes = surfaceAxes(mesh, m, eye, width, height, 1);
        const seen = new Set(axes.ticks.map((t) => t.axis));
        expect(seen.has('s') && seen.has('t')).toBe(true);
        if (Math.abs(o.elevation) < 1.4) expect(seen.has('f')).toBe(true);
        for (const t of axes.ticks) {
          const lo = t.axis === 's' ? W.x0 : t.axis === 't' ? W.y0 : fMin;
          const hi = t.axis === 's' ? W.x1 : t.axis === 't' ? W.y1 : fMax;
          expect(t.value).toBeGreaterThanOrEqual(lo - 1e-12);
          expect(t.value).toBeLessThanOrEqual(hi + 1e-12);
          expect(Number(t.label)).toBeCloseTo(t.value, 6);
          const k = t.axis === 's' ? 0 : t.axis === 't' ? 1 : 2;
          expect(t.point[k]).toBeCloseTo(along(t.axis, t.value), 9);
          if (t.axis === 's') expect(t.point[1]).toBe(Math.sign(eye[1]!) * ey);
          if (t.axis === 't') expect(t.point[0]).toBe(Math.sign(eye[0]!) * ex);
          if (t.axis === 'f')
            expect(
              Math.sign(t.point[0]) === Math.sign(eye[0]!) && Math.sign(t.point[1]) === Math.sign(eye[1]!),
            ).toBe(false);
          const [x, y] = ndc(m, t.point);
          expect(t.px![0]).toBeCloseTo(((x + 1) / 2) * width, 3);
          expect(t.px![1]).toBeCloseTo(((1 - y) / 2) * height, 3);
          // Ticks and their labels stay inside the frame.
          const inside = (x: number, y: number) => x >= 0 && x <= width && y >= 0 && y <= height;
          expect(inside(t.px![0], t.px![1])).toBe(true);
          if (t.labelAt) expect(inside(t.labelAt.x, t.labelAt.y)).toBe(true);
        }
        // Consecutive ticks of an axis are one round step apart.
        for (const axis of ['s', 't', 'f']) {
          const v = axes.ticks.filter((t) => t.axis === axis).map((t) => t.value);
          for (let i = 2; i < v.length; i++) expect(v[i]! - v[i - 1]!).toBeCloseTo(v[1]! - v[0]!, 9);
        }
      }
  });

  it('draws nothing in an empty frame', () => {
    const cam = new OrbitCamera();
    cam.box = surfaceBox(mesh);
    const axes = surfaceAxes(mesh, cam.matrix(1), cam.eye(vec3.create(), 1), 0, 0);
    expect(axes.ticks).toEqual([]);
  });
});
