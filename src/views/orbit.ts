/**
 * An orbit camera (gl-matrix) around the centre of a bounding box of the normalised surface, z up, driven by
 * mouse drag (rotate), wheel (zoom), and touch (one finger rotates, two pinch to zoom). At zoom 1 the camera
 * stands just far enough away that every corner of the box projects inside the frame, with a margin for the
 * axes' labels, whatever the aspect ratio and the angles: the frame never cuts the surface.
 */
import { mat4, vec3 } from 'gl-matrix';

/** Camera angles and zoom; the state of {@link OrbitCamera}. */
export interface Orbit {
  /** Rotation about the z axis, radians. */
  azimuth: number;
  /** Angle above the (s, t) plane, radians, in [-1.5, 1.5]. */
  elevation: number;
  /** Distance as a multiple of the distance that fits the box into the frame (1: fitted; in [0.25, 5]). */
  zoom: number;
}

/** The default orbit: looking from the front-left, 35 degrees above the plane, fitted. */
export const DEFAULT_ORBIT: Readonly<Orbit> = { azimuth: -0.9, elevation: 0.62, zoom: 1 };

/** Vertical field of view, radians. */
export const FIELD_OF_VIEW = (38 * Math.PI) / 180;

/** Fraction of the frame's half width and half height that the fitted box may fill (the rest is for labels). */
export const FIT_FILL = 0.78;

/** An axis-aligned box: its smallest and largest corner. */
export interface Box3 {
  /** Smallest x, y, z. */
  min: [number, number, number];
  /** Largest x, y, z. */
  max: [number, number, number];
}

/**
 * The camera's eye direction for `orbit`: the unit vector from the target towards the eye, written into `out`.
 */
export function eyeDirection(out: vec3, orbit: Orbit): vec3 {
  const ce = Math.cos(orbit.elevation);
  return vec3.set(out, ce * Math.cos(orbit.azimuth), ce * Math.sin(orbit.azimuth), Math.sin(orbit.elevation));
}

/**
 * The smallest distance from the centre of `box` at which a perspective camera looking along `-dir` (a unit
 * vector, z up) with vertical field of view `fov` and aspect `aspect` (width / height) sees every corner of
 * the box within `fill` of its half width and half height. A degenerate box (a point) gives 0.
 */
export function fitDistance(
  box: Box3,
  dir: vec3,
  aspect: number,
  fov = FIELD_OF_VIEW,
  fill = FIT_FILL,
): number {
  const up = Math.abs(dir[2]!) > 0.9999 ? vec3.fromValues(0, 1, 0) : vec3.fromValues(0, 0, 1);
  // The camera's right and up vectors, as mat4.lookAt builds them.
  const right = vec3.normalize(vec3.create(), vec3.cross(vec3.create(), up, dir));
  const camUp = vec3.cross(vec3.create(), dir, right);
  const ty = Math.tan(fov / 2) * fill;
  const tx = ty * (aspect > 0 ? aspect : 1);
  let d = 0;
  const q = vec3.create();
  for (let i = 0; i < 8; i++) {
    const x = i & 1 ? box.max[0] : box.min[0];
    const y = i & 2 ? box.max[1] : box.min[1];
    const z = i & 4 ? box.max[2] : box.min[2];
    vec3.set(
      q,
      x - (box.min[0] + box.max[0]) / 2,
      y - (box.min[1] + box.max[1]) / 2,
      z - (box.min[2] + box.max[2]) / 2,
    );
    const toward = vec3.dot(q, dir);
    d = Math.max(d, toward + Math.abs(vec3.dot(q, right)) / tx, toward + Math.abs(vec3.dot(q, camUp)) / ty);
  }
  return d;
}

/** The view-projection matrix and the attached pointer handlers. */
export class OrbitCamera {
  /** The current orbit (mutate, then call {@link matrix}). */
  orbit: Orbit = { ...DEFAULT_ORBIT };
  /** The box kept in the frame (the surface's, with its frame and axes; see SurfaceView.setMesh). */
  box: Box3 = { min: [-1, -1, -0.75], max: [1, 1, 0.6] };
  private readonly proj = mat4.create();
  private readonly view = mat4.create();
  private readonly vp = mat4.create();
  private readonly dir = vec3.create();
  private readonly eyePoint = vec3.create();
  private readonly target = vec3.create();

  /** The eye's position for an aspect ratio (width / height), written into `out`. */
  eye(out: vec3, aspect: number): vec3 {
    const b = this.box;
    vec3.set(this.target, (b.min[0] + b.max[0]) / 2, (b.min[1] + b.max[1]) / 2, (b.min[2] + b.max[2]) / 2);
    eyeDirection(this.dir, this.orbit);
    const d = Math.max(1e-3, fitDistance(b, this.dir, aspect) * this.orbit.zoom);
    return vec3.scaleAndAdd(out, this.target, this.dir, d);
  }

  /** Write the view-projection matrix for an aspect ratio (width / height) into the camera; returns it. */
  matrix(aspect: number): mat4 {
    const a = aspect > 0 ? aspect : 1;
    this.eye(this.eyePoint, a);
    const d = vec3.distance(this.eyePoint, this.target);
    const b = this.box;
    const radius = Math.hypot(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]) / 2;
    const up = Math.abs(this.dir[2]!) > 0.9999 ? [0, 1, 0] : [0, 0, 1];
    mat4.lookAt(this.view, this.eyePoint, this.target, up as [number, number, number]);
    // Near and far planes around the box (a zoomed-in eye inside it still sees what is in front).
    mat4.perspective(
      this.proj,
      FIELD_OF_VIEW,
      a,
      Math.max(1e-3, (d - radius) * 0.5, d * 0.01),
      d + 2 * radius + 1,
    );
    return mat4.multiply(this.vp, this.proj, this.view);
  }

  /** Rotate by (dx, dy) pixels of drag. */
  rotate(dx: number, dy: number): void {
    const o = this.orbit;
    o.azimuth -= dx * 0.008;
    o.elevation = Math.max(-1.5, Math.min(1.5, o.elevation + dy * 0.008));
  }

  /** Multiply the zoom by `factor` (clamped to [0.25, 5]). */
  zoom(factor: number): void {
    this.orbit.zoom = Math.max(0.25, Math.min(5, this.orbit.zoom * factor));
  }
  /** Attach mouse and touch handlers to `el`; `changed` is called after every camera change. */
  attach(el: HTMLElement, changed: () => void): void {
    const pointers = new Map<number, { x: number; y: number }>();
    let pinch = 0;
    el.style.touchAction = 'none';
    el.addEventListener('pointerdown', (e) => {
      el.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        pinch = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      }
    });
    el.addEventListener('pointermove', (e) => {
      const p = pointers.get(e.pointerId);
      if (!p) return;
      const dx = e.clientX - p.x;
      const dy = e.clientY - p.y;
      p.x = e.clientX;
      p.y = e.clientY;
      if (pointers.size === 1) this.rotate(dx, dy);
      else if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        const d = Math.hypot(a!.x - b!.x, a!.y - b!.y);
        if (pinch > 0 && d > 0) this.zoom(pinch / d);
        pinch = d;
      }
      changed();
    });
    const up = (e: PointerEvent) => {
      pointers.delete(e.pointerId);
      if (pointers.size < 2) pinch = 0;
    };
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    el.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.zoom(Math.exp(e.deltaY * (e.deltaMode === 1 ? 16 : 1) * 0.0015));
        changed();
      },
      { passive: false },
    );
  }
}
