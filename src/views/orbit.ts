/**
 * An orbit camera (gl-matrix) around the origin of the normalised surface, z up, driven by mouse drag
 * (rotate), wheel (zoom), and touch (one finger rotates, two pinch to zoom).
 */
import { mat4, vec3 } from 'gl-matrix';

/** Camera angles and distance; the state of {@link OrbitCamera}. */
export interface Orbit {
  /** Rotation about the z axis, radians. */
  azimuth: number;
  /** Angle above the (s, t) plane, radians, in [-1.5, 1.5]. */
  elevation: number;
  /** Distance from the origin (the surface spans about [-1, 1]^2). */
  distance: number;
}

/** The default orbit: looking from the front-left, 35 degrees above the plane. */
export const DEFAULT_ORBIT: Readonly<Orbit> = { azimuth: -0.9, elevation: 0.62, distance: 4.3 };

/** The view-projection matrix and the attached pointer handlers. */
export class OrbitCamera {
  /** The current orbit (mutate, then call {@link matrix}). */
  orbit: Orbit = { ...DEFAULT_ORBIT };
  private readonly proj = mat4.create();
  private readonly view = mat4.create();
  private readonly vp = mat4.create();
  private readonly eye = vec3.create();

  /** Write the view-projection matrix for an aspect ratio (width / height) into the camera; returns it. */
  matrix(aspect: number): mat4 {
    const o = this.orbit;
    const ce = Math.cos(o.elevation);
    vec3.set(
      this.eye,
      o.distance * ce * Math.cos(o.azimuth),
      o.distance * ce * Math.sin(o.azimuth),
      o.distance * Math.sin(o.elevation),
    );
    mat4.lookAt(this.view, this.eye, [0, 0, 0], [0, 0, 1]);
    mat4.perspective(this.proj, (38 * Math.PI) / 180, aspect > 0 ? aspect : 1, 0.05, 50);
    return mat4.multiply(this.vp, this.proj, this.view);
  }

  /** Rotate by (dx, dy) pixels of drag. */
  rotate(dx: number, dy: number): void {
    const o = this.orbit;
    o.azimuth -= dx * 0.008;
    o.elevation = Math.max(-1.5, Math.min(1.5, o.elevation + dy * 0.008));
  }

  /** Multiply the distance by `factor` (clamped to [1.2, 20]). */
  zoom(factor: number): void {
    this.orbit.distance = Math.max(1.2, Math.min(20, this.orbit.distance * factor));
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
