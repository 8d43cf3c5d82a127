/**
 * The promises of the training session's `train(n)` calls: each waits for the worker to acknowledge its
 * `step` message (which tells the step where its steps end) and then for a complete frame at or past that
 * step of the same generation; a replaced run rejects them.
 */

/** One waiting `train` call. */
interface Waiter {
  gen: number;
  id: number;
  /** The step its steps end at (Infinity until the worker acknowledges the message). */
  step: number;
  resolve: (r: { step: number }) => void;
  reject: (e: Error) => void;
}

/** The waiting `train` calls of one session. */
export class StepWaiters {
  private list: Waiter[] = [];

  /** A promise for the `step` message `id` of generation `gen`. */
  wait(gen: number, id: number): Promise<{ step: number }> {
    return new Promise((resolve, reject) => {
      this.list.push({ gen, id, step: Number.POSITIVE_INFINITY, resolve, reject });
    });
  }

  /** The worker acknowledged the messages of `gen` up to `id`: their steps end at `step`. */
  acknowledge(gen: number, id: number, step: number): void {
    for (const w of this.list) if (w.gen === gen && w.id <= id) w.step = step;
  }

  /** Resolve those of generation `gen` whose step is shown (`shown`, a complete frame with nothing pending). */
  settle(gen: number, shown: number): void {
    const keep: Waiter[] = [];
    for (const w of this.list) {
      if (w.gen === gen && shown >= w.step) w.resolve({ step: w.step });
      else keep.push(w);
    }
    this.list = keep;
  }

  /** Reject every waiter with `reason`, except those of generation `exceptGen`. */
  reject(reason: string, exceptGen?: number): void {
    const keep: Waiter[] = [];
    for (const w of this.list) {
      if (w.gen === exceptGen) keep.push(w);
      else w.reject(new Error(reason));
    }
    this.list = keep;
  }
}
