/**
 * `relu-origami eval MODEL --point x,y [--plane JSON] [--json]`: the network at one point: output,
 * activation pattern per layer, the local affine map (Jacobian and offset) and the gradient of output 0.
 * With a plane the point is (s, t) on the plane, and the affine map is also given in (s, t); without one, a
 * model with more than two inputs takes the whole input point (`--point 1,2,3`).
 */
import { evaluatePoint } from '../engine/forward.ts';
import { type Network, outputDim } from '../engine/model.ts';
import { type PlaneMap, pointAt } from '../engine/plane.ts';
import { parseArgs } from './args.ts';
import { fmt, fmtList, matrixRows, patternByLayer, patternText, table } from './format.ts';
import type { CliIo } from './io.ts';
import { loadInputPoint, loadModelArgument, loadPlane, loadPoint } from './load.ts';

/** The options of `eval`. */
export const EVAL_OPTIONS = { point: 'value', plane: 'value', json: 'flag' } as const;

/** Run `eval` with the arguments after the subcommand; returns the exit status. */
export function runEval(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, EVAL_OPTIONS);
  const net = loadModelArgument('eval', args.positionals, io);
  const oneD = net.inputDim === 1;
  const n = net.inputDim;
  const pointText = args.values.get('point');
  const planeText = args.values.get('plane');
  if (n > 2 && planeText === undefined) {
    // Without a plane, a many-input model is evaluated at a full input point.
    const x = Float64Array.from(loadInputPoint(pointText, 'point', n));
    return report(net, io, args.flags.has('json'), x, Array.from(x), undefined);
  }
  const point = loadPoint(pointText, 'point', oneD);
  const { plane, map } = loadPlane(planeText, n);
  const x = pointAt(map, point[0], point[1], new Float64Array(n));
  return report(
    net,
    io,
    args.flags.has('json'),
    x,
    oneD ? [point[0]] : point,
    plane === undefined ? undefined : map,
  );
}

function report(
  net: Network,
  io: CliIo,
  json: boolean,
  x: Float64Array,
  point: number[],
  plane: PlaneMap | undefined,
): number {
  const n = net.inputDim;
  const m = outputDim(net);
  const oneD = n === 1;
  const ev = evaluatePoint(net, x);
  const report: Record<string, unknown> = {
    point,
    input: Array.from(x),
    output: Array.from(ev.output),
    pattern: patternByLayer(net, ev.pattern),
    jacobian: matrixRows(ev.jacobian, m, n),
    offset: Array.from(ev.offset),
    gradient: Array.from(ev.gradient),
  };
  let planeJ: number[][] | undefined;
  let planeC: number[] | undefined;
  if (plane !== undefined) {
    // Compose f(x) = J x + c with x = origin + s ds + t dt.
    planeJ = [];
    planeC = [];
    for (let k = 0; k < m; k++) {
      let js = 0;
      let jt = 0;
      let c = ev.offset[k]!;
      for (let i = 0; i < n; i++) {
        const a = ev.jacobian[k * n + i]!;
        js += a * plane.ds[i]!;
        jt += a * plane.dt[i]!;
        c += a * plane.origin[i]!;
      }
      planeJ.push(oneD ? [js] : [js, jt]);
      planeC.push(c);
    }
    report.planeJacobian = planeJ;
    report.planeOffset = planeC;
  }
  if (json) {
    io.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const rows: [string, string][] = [];
  if (plane !== undefined) rows.push([oneD ? 'point (s)' : 'point (s, t)', fmtList(point)]);
  rows.push(['input', fmtList(x)], ['output', fmtList(ev.output)], ['pattern', patternText(net, ev.pattern)]);
  const vars = (k: number) => (plane !== undefined ? (k === 0 ? 's' : 't') : `x${k}`);
  for (let k = 0; k < m; k++) {
    const row = Array.from(ev.jacobian.subarray(k * n, (k + 1) * n));
    rows.push([`f${k}(x)`, `${row.map((v, i) => `${fmt(v)}*x${i}`).join(' + ')} + ${fmt(ev.offset[k]!)}`]);
    if (planeJ && planeC) {
      const r = planeJ[k]!;
      rows.push([
        `f${k}(s, t)`,
        `${r.map((v, i) => `${fmt(v)}*${vars(i)}`).join(' + ')} + ${fmt(planeC[k]!)}`,
      ]);
    }
  }
  rows.push(['gradient', fmtList(ev.gradient)]);
  io.stdout(table(rows));
  return 0;
}
