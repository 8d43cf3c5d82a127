/**
 * `relu-origami init --widths 2,16,16,1 [--activation relu] [--alpha A] [--init he|glorot|uniform]
 * [--seed 7] [--scale S] [--name NAME]`: print a seeded random `relu-origami/1` model. Hidden layers use
 * the activation (or one per hidden layer, comma-separated); the output layer is linear.
 */

import { ACTIVATIONS, type ActivationName, isActivationName } from '../engine/activations.ts';
import { INIT_SCHEMES, type InitOptions, initNetwork, isInitScheme } from '../engine/init.ts';
import { MODEL_MAX_WIDTH } from '../engine/limits.ts';
import { toModelJson } from '../engine/model.ts';
import { parseArgs, parseInteger, parseNumber, UsageError } from './args.ts';
import { modelJsonText } from './format.ts';
import type { CliIo } from './io.ts';

/** The options of `init`. */
export const INIT_OPTIONS = {
  widths: 'value',
  activation: 'value',
  alpha: 'value',
  init: 'value',
  seed: 'value',
  scale: 'value',
  name: 'value',
} as const;

/** Run `init` with the arguments after the subcommand; returns the exit status. */
export function runInit(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, INIT_OPTIONS);
  if (args.positionals.length > 0)
    throw new UsageError(`init takes no positional argument, got "${args.positionals[0]}"`);
  const widthsText = args.values.get('widths');
  if (widthsText === undefined) throw new UsageError('--widths is required, e.g. --widths 2,16,16,1');
  const widths = widthsText
    .split(',')
    .map((w, k) => parseInteger(w, `--widths value ${k + 1}`, 1, MODEL_MAX_WIDTH));
  if (widths.length < 2)
    throw new UsageError('--widths needs at least an input and an output size, e.g. 2,16,1');
  const hidden = widths.length - 2;
  const actNames = (args.values.get('activation') ?? 'relu').split(',');
  for (const a of actNames) {
    if (!isActivationName(a))
      throw new UsageError(`--activation has "${a}", expected one of ${ACTIVATIONS.join(', ')}`);
  }
  if (actNames.length !== 1 && actNames.length !== hidden) {
    throw new UsageError(
      `--activation has ${actNames.length} names, expected 1 or ${hidden} (one per hidden layer)`,
    );
  }
  const activation: ActivationName | ActivationName[] =
    actNames.length === 1 ? (actNames[0] as ActivationName) : (actNames as ActivationName[]);
  const scheme = args.values.get('init') ?? 'he';
  if (!isInitScheme(scheme))
    throw new UsageError(`--init has "${scheme}", expected one of ${INIT_SCHEMES.join(', ')}`);
  const opts: InitOptions = { widths, activation, init: scheme };
  const alpha = args.values.get('alpha');
  if (alpha !== undefined) opts.alpha = parseNumber(alpha, '--alpha');
  const seed = args.values.get('seed');
  opts.seed = seed === undefined ? 0 : parseInteger(seed, '--seed', 0, 2 ** 32 - 1);
  const scale = args.values.get('scale');
  if (scale !== undefined) opts.weightScale = parseNumber(scale, '--scale');
  const name = args.values.get('name');
  if (name !== undefined) opts.name = name;
  const params = widths.slice(1).reduce((sum, w, k) => sum + w * (widths[k]! + 1), 0);
  if (params > 50_000_000)
    throw new UsageError(`--widths gives ${params} parameters, at most 50000000 are supported`);
  io.stdout(modelJsonText(toModelJson(initNetwork(opts))));
  return 0;
}
