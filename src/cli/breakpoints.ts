/**
 * `relu-origami breakpoints MODEL --from x,y --to x,y [--plane JSON] [--json]`: the exact breakpoints of
 * the network along a segment, as parameters t in (0, 1), sorted. One-input models take --from x --to x.
 */
import { segmentPieces } from '../engine/segment.ts';
import { parseArgs, UsageError } from './args.ts';
import { fmt } from './format.ts';
import type { CliIo } from './io.ts';
import { loadModel, loadPlane, loadPoint } from './load.ts';

/** The options of `breakpoints`. */
export const BREAKPOINTS_OPTIONS = { from: 'value', to: 'value', plane: 'value', json: 'flag' } as const;

/** Run `breakpoints` with the arguments after the subcommand; returns the exit status. */
export function runBreakpoints(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, BREAKPOINTS_OPTIONS);
  if (args.positionals.length !== 1) {
    throw new UsageError(
      `breakpoints takes one MODEL file, got ${args.positionals.length} (see relu-origami --help)`,
    );
  }
  const net = loadModel(args.positionals[0]!, io);
  const oneD = net.inputDim === 1;
  const from = loadPoint(args.values.get('from'), 'from', oneD);
  const to = loadPoint(args.values.get('to'), 'to', oneD);
  if (from[0] === to[0] && from[1] === to[1]) throw new UsageError('--from and --to are the same point');
  const { map } = loadPlane(args.values.get('plane'), net.inputDim);
  const pieces = segmentPieces(net, map, from, to);
  const ts = pieces.slice(1).map((p) => p.u0);
  const points = ts.map((t) => {
    const s = from[0] + t * (to[0] - from[0]);
    return oneD ? [s] : [s, from[1] + t * (to[1] - from[1])];
  });
  if (args.flags.has('json')) {
    io.stdout(`${JSON.stringify({ breakpoints: ts, points, pieces: pieces.length })}\n`);
    return 0;
  }
  io.stdout(`${ts.length} breakpoint${ts.length === 1 ? '' : 's'} (${pieces.length} linear pieces)\n`);
  ts.forEach((t, k) => {
    io.stdout(`t = ${fmt(t)}  at (${points[k]!.map(fmt).join(', ')})\n`);
  });
  return 0;
}
