/**
 * `relu-origami breakpoints MODEL --from x,y --to x,y [--plane JSON] [--json] [--max-regions N]`: the
 * breakpoints of the network along a segment, as parameters t in (0, 1), sorted; --max-regions N stops after
 * N pieces from the start and reports the part of the segment they cover. One-input models take --from x --to x;
 * models with more than two inputs take whole input points (--from 1,2,3 --to 4,5,6) unless --plane is given.
 */

import type { Network } from '../engine/model.ts';
import type { PlaneMap } from '../engine/plane.ts';
import {
  type SegmentOptions,
  SegmentOverflow,
  type SegmentPieces,
  segmentPiecesLimited,
} from '../engine/segment.ts';
import { parseArgs, parseInteger, UsageError } from './args.ts';
import { fmt } from './format.ts';
import type { CliIo } from './io.ts';
import { loadInputPoint, loadModelArgument, loadPlane, loadPoint } from './load.ts';

/** The options of `breakpoints`. */
export const BREAKPOINTS_OPTIONS = {
  from: 'value',
  to: 'value',
  plane: 'value',
  json: 'flag',
  'max-regions': 'value',
} as const;

/** segmentPiecesLimited through every layer, with an overflowing segment refused as a usage error (exit 2). */
export function piecesOrRefusal(
  net: Network,
  map: PlaneMap,
  from: readonly [number, number],
  to: readonly [number, number],
  opts: SegmentOptions,
): SegmentPieces {
  try {
    return segmentPiecesLimited(net, map, from, to, net.layers.length, opts);
  } catch (e) {
    if (e instanceof SegmentOverflow) throw new UsageError(e.message);
    throw e;
  }
}

/** Run `breakpoints` with the arguments after the subcommand; returns the exit status. */
export function runBreakpoints(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, BREAKPOINTS_OPTIONS);
  const net = loadModelArgument('breakpoints', args.positionals, io);
  const n = net.inputDim;
  const planeText = args.values.get('plane');
  const maxText = args.values.get('max-regions');
  const max = maxText === undefined ? undefined : parseInteger(maxText, '--max-regions', 1, 2 ** 31);
  const opts = max === undefined ? {} : { maxPieces: max };
  let run: SegmentPieces;
  let points: (t: number) => number[];
  if (n > 2 && planeText === undefined) {
    // Without a plane, a many-input model takes whole input points: the segment runs from X0 to X1 as the
    // s axis of the map x = X0 + s (X1 - X0).
    const X0 = loadInputPoint(args.values.get('from'), 'from', n);
    const X1 = loadInputPoint(args.values.get('to'), 'to', n);
    if (X0.every((v, i) => v === X1[i])) throw new UsageError('--from and --to are the same point');
    const map: PlaneMap = {
      origin: Float64Array.from(X0),
      ds: Float64Array.from(X1, (v, i) => v - X0[i]!),
      dt: new Float64Array(n),
    };
    run = piecesOrRefusal(net, map, [0, 0], [1, 0], opts);
    points = (t) => X0.map((v, i) => v + t * (X1[i]! - v));
  } else {
    const oneD = n === 1;
    const from = loadPoint(args.values.get('from'), 'from', oneD);
    const to = loadPoint(args.values.get('to'), 'to', oneD);
    if (from[0] === to[0] && from[1] === to[1]) throw new UsageError('--from and --to are the same point');
    const { map } = loadPlane(planeText, n);
    run = piecesOrRefusal(net, map, from, to, opts);
    points = (t) => {
      const s = from[0] + t * (to[0] - from[0]);
      return oneD ? [s] : [s, from[1] + t * (to[1] - from[1])];
    };
  }
  const { pieces, complete, covered } = run;
  const ts = pieces.slice(1).map((p) => p.u0);
  const at = ts.map(points);
  if (args.flags.has('json')) {
    const report = { breakpoints: ts, points: at, pieces: pieces.length, complete, covered };
    io.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  }
  io.stdout(`${ts.length} breakpoint${ts.length === 1 ? '' : 's'} (${pieces.length} linear pieces)\n`);
  if (!complete) {
    io.stdout(`stopped early by --max-regions: the pieces cover t in [0, ${fmt(covered)}] of the segment\n`);
  }
  ts.forEach((t, k) => {
    io.stdout(`t = ${fmt(t)}  at (${at[k]!.map(fmt).join(', ')})\n`);
  });
  return 0;
}
