/** Shared fixtures of the command-line tests: model files in memory and a runner. */
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/run.ts';
import { toModelJson } from '../../src/engine/model.ts';
import { linesNet, sawtooth } from '../engine/lib/nets.ts';

/** Four lines through the origin: 8 regions on [-1, 2] x [-1.25, 1.5] (13 vertices, 20 edges). */
export const STAR = JSON.stringify(
  toModelJson(
    linesNet([
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
      [1, -1, 0],
    ]),
  ),
);

/** Two ReLU neurons x and y: the four quadrants. */
export const QUADRANTS = JSON.stringify(
  toModelJson(
    linesNet([
      [1, 0, 0],
      [0, 1, 0],
    ]),
  ),
);

/** Files every test can read. */
export const FILES: Record<string, string> = {
  'star.json': STAR,
  'saw1.json': JSON.stringify(toModelJson(sawtooth(3, 1))),
  'saw2.json': JSON.stringify(toModelJson(sawtooth(2, 2))),
  'broken.json': '{"inputDim": 2, "layers": [',
  'invalid.json': JSON.stringify({
    inputDim: 2,
    layers: [{ weights: [[1, 2], [3]], bias: [0], activation: 'gelu' }],
  }),
  'three.json': JSON.stringify({
    inputDim: 3,
    layers: [
      {
        weights: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        bias: [0, 0, 0],
        activation: 'relu',
      },
      { weights: [[1, 1, 1]], bias: [0], activation: 'linear' },
    ],
  }),
};

/** Run the command in-process on the fixture files; returns the status and what was written. */
export function cli(...argv: string[]): { status: number; out: string; err: string } {
  const io = memoryIo(FILES);
  const status = runCli(argv, io);
  return { status, out: io.out, err: io.err };
}

/** Run and parse stdout as one JSON object (throws when the command failed). */
export function cliJson(...argv: string[]): Record<string, unknown> {
  const r = cli(...argv);
  if (r.status !== 0) throw new Error(`status ${r.status}: ${r.err}`);
  return JSON.parse(r.out) as Record<string, unknown>;
}
