/** The crossing records of a line arrangement under construction (arrangement.ts). */

/** Growable parallel arrays of crossing records. */
export class Records {
  n = 0;
  a: Int32Array;
  b: Int32Array;
  x: Float64Array;
  y: Float64Array;
  ex: Float64Array;
  ey: Float64Array;
  /** Room for `capacity` records (grown by doubling beyond). */
  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.a = new Int32Array(c);
    this.b = new Int32Array(c);
    this.x = new Float64Array(c);
    this.y = new Float64Array(c);
    this.ex = new Float64Array(c);
    this.ey = new Float64Array(c);
  }
  push(i: number, j: number, x: number, y: number, ex: number, ey: number): void {
    if (this.n === this.a.length) {
      const grow = <T extends Int32Array | Float64Array>(v: T): T => {
        const w = new (v.constructor as { new (n: number): T })(2 * v.length);
        w.set(v);
        return w;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.x = grow(this.x);
      this.y = grow(this.y);
      this.ex = grow(this.ex);
      this.ey = grow(this.ey);
    }
    const k = this.n++;
    this.a[k] = i;
    this.b[k] = j;
    this.x[k] = x;
    this.y[k] = y;
    this.ex[k] = ex;
    this.ey[k] = ey;
  }
}
