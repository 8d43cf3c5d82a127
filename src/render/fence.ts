/** A non-blocking fence on a WebGL2 context: how the live frames learn that the GPU has drawn them. */
import type { DeviceFence } from './mapRenderer.ts';

/**
 * A fence after the commands issued so far on `gl` (gl.fenceSync, flushed), polled with clientWaitSync and a
 * zero timeout: it never blocks, and a browser updates its status only between tasks. Null with a lost
 * context or when the fence cannot be made.
 */
export function fenceOf(gl: WebGL2RenderingContext): DeviceFence | null {
  if (gl.isContextLost()) return null;
  const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
  if (!sync) return null;
  gl.flush();
  let open = true;
  const release = () => {
    if (!open) return;
    open = false;
    gl.deleteSync(sync);
  };
  return {
    signalled: () => {
      if (!open) return true;
      // A lost context finishes nothing more: nothing is left to wait for.
      const s = gl.isContextLost() ? gl.WAIT_FAILED : gl.clientWaitSync(sync, 0, 0);
      if (s === gl.TIMEOUT_EXPIRED) return false;
      release();
      return true;
    },
    release,
  };
}
