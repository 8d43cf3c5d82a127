/**
 * `relu-origami render ... --out FILE.svg`: the exact region polygons of the scene as SVG, computed by the
 * float64 engine in Node (no browser): the regions after the first k layers in the layer mode, of the whole
 * network otherwise, coloured as the explorer's map colours them, with boundaries (`b=` of the hash) and
 * axes (unless `--no-axes`). The size is that of the plot area; the axes' margins are added around it.
 */
import { initNetwork } from '../engine/init.ts';
import { networkSvg } from '../engine/io/svg.ts';
import { decodeHash } from '../state/hash.ts';
import type { CliIo } from './io.ts';
import type { RenderRequest } from './render.ts';

/** Regions at most in an SVG from the command line (larger views: zoom in). */
export const CLI_SVG_MAX_REGIONS = 200_000;

/** Write the SVG of `req` (see the module comment); returns the exit status: 0, 2 for bad input, 1 when the file cannot be written. */
export function runRenderSvg(req: RenderRequest, io: CliIo): number {
  const { state } = decodeHash(req.hash);
  const net = req.network ?? initNetwork({ ...state.architecture });
  const v = state.view;
  let plane = v.plane;
  if (!plane && net.inputDim > 2) {
    // The explorer's default plane: through 0, spanned by e1 and e2.
    const p0 = new Array<number>(net.inputDim).fill(0);
    plane = [p0, p0.map((_, i) => (i === 0 ? 1 : 0)), p0.map((_, i) => (i === 1 ? 1 : 0))];
  }
  const window = { x0: v.x0, x1: v.x1, y0: v.y0, y1: v.y1, ...(plane ? { plane } : {}) };
  const r = networkSvg(net, window, {
    width: req.width,
    height: req.height,
    layers: state.mode === 'layer' ? state.layer : net.layers.length,
    maxRegions: CLI_SVG_MAX_REGIONS,
    boundaries: state.boundaries,
    axes: !req.noAxes,
    ...(req.title !== undefined ? { title: req.title } : {}),
  });
  if (!r.ok) {
    io.stderr(`relu-origami: render: ${r.message}\n`);
    return 2;
  }
  if (!io.writeFile) {
    io.stderr('relu-origami: render cannot write files here\n');
    return 1;
  }
  try {
    io.writeFile(req.out, r.svg);
  } catch (e) {
    io.stderr(`relu-origami: cannot write ${req.out}: ${(e as Error).message}\n`);
    return 1;
  }
  const summary = {
    file: req.out,
    width: req.width,
    height: req.height,
    regions: r.count,
    bytes: r.svg.length,
  };
  io.stdout(
    req.json
      ? `${JSON.stringify(summary)}\n`
      : `wrote ${req.out}: ${r.count} regions, ${req.width} x ${req.height}, ${(r.svg.length / 1e3).toFixed(1)} kB\n`,
  );
  return 0;
}
